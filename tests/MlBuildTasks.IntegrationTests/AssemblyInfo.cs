// Each test runs several real builds; two at a time keeps both cores busy without thrashing.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
