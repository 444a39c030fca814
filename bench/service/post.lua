-- wrk script of bench/service.sh: POST one customer as JSON (the endpoint is the URL wrk is given).
-- BODY=batch posts an array of 100 customers instead (for POST /predict/batch).
local customer = '{"Tenure":14,"MonthlyCharges":60,"TotalCharges":840,"Contract":"One year","PaymentMethod":"Credit card","InternetService":"DSL","SupportCalls":1,"SeniorCitizen":false}'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("BODY") == "batch" then
  local customers = {}
  for i = 1, 100 do customers[i] = customer end
  wrk.body = "[" .. table.concat(customers, ",") .. "]"
else
  wrk.body = customer
end
