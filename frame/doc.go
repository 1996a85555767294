// Package frame is sparkgo's DataFrame API: lazy Spark plans built with
// dplyr-like verbs, run on a Spark Connect server only when rows are asked
// for.
//
//	s, err := frame.Connect(ctx, "")      // SPARK_REMOTE
//	mpg := s.Table("mtcars").
//		GroupBy("am").
//		Agg(frame.Mean("mpg").Alias("mpg"))
//	rows, err := mpg.CollectMaps(ctx)     // [{am:0 mpg:17.1…} {am:1 mpg:24.4…}]
//
// Verbs (Select, Filter, Mutate, GroupBy…Agg, Join, OrderBy…) never fail on
// the spot: an error is kept in the DataFrame and returned by the first
// action (Collect, Count, Stream…) and by Err, so pipelines chain without
// error checks at each step.
//
// Arguments that name columns accept a column name (string) or a Column;
// operands of operators (Col("mpg").Gt(20)) accept Columns or Go values,
// which become literals. Any Spark SQL function is reachable with Call.
//
// Go data enters with CopyTo/CreateDataFrame (slices of structs, maps,
// rows with a schema, Arrow records) and ReadLocalCSV; results leave as
// Arrow (Stream, Collect), maps (CollectMaps), structs (CollectInto) or a
// local CSV file (WriteLocalCSV). Spark-side files are read and written
// with Read and Write, catalog tables with WriteTo's V2 operations (Create,
// Append, Overwrite…); Catalog lists catalogs, databases, tables and
// columns and creates tables.
//
// The exported API has no generic types or functions, so that the sparkgo
// Jupyter kernel's interpreter can call all of it.
package frame
