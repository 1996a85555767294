// Package sparksql is a database/sql driver for Spark Connect, registered
// as "spark". Its data source name is a Spark Connect connection string
// (see connect.ParseConnString); "" means the SPARK_REMOTE environment
// variable:
//
//	db, err := sql.Open("spark", "sc://localhost:15002")
//	if err != nil { ... }
//	defer db.Close()
//	rows, err := db.QueryContext(ctx, "SELECT id, name FROM people WHERE age > ?", 30)
//
// NewConnector with sql.OpenDB configures connections further, for
// instance with Spark settings applied to every session (Config.Conf).
//
// # Connections are sessions
//
// Each connection of the pool is one Spark Connect session, with its own
// temporary views, session settings (SET …) and cached tables. database/sql
// hands a statement to any free connection, so state made by one statement
// is not necessarily seen by the next: a CREATE TEMP VIEW may be invisible
// to the following SELECT. For session state, run the statements on one
// sql.Conn (db.Conn(ctx)), or call db.SetMaxOpenConns(1), or set what every
// session needs through Config.Conf. sql.Conn.Raw reaches the underlying
// *Conn and its *connect.Session.
//
// # Parameters
//
// Arguments are bound as Spark SQL parameters, never spliced into the SQL
// text: plain arguments fill positional markers (?), sql.Named arguments
// fill named markers (:name); the two cannot be mixed in one statement.
// Accepted are nil, bool, every integer type (a uint64 must fit a BIGINT),
// float32, float64, string, []byte, time.Time (a TIMESTAMP), pointers to
// these (nil is NULL), named types built on them, and driver.Valuer values
// such as sql.NullString and sql.Null[T]. Any other argument is refused
// before anything is sent, with an error naming it ("parameter 2" or
// "parameter :name"). Decimal and time.Duration arguments are refused too,
// as they have no exact literal yet: bind their text or seconds and CAST in
// SQL.
//
// # Result types
//
// Rows stream: they hold one Arrow record batch at a time, however large
// the result. Values scan as follows (ColumnTypes reports the same
// DatabaseTypeName and ScanType; ScanType ignores NULL, which
// ColumnType.Nullable reports):
//
//	Spark type                DatabaseTypeName          Go value (ScanType)
//	BOOLEAN                   BOOLEAN                   bool
//	TINYINT                   TINYINT                   int8
//	SMALLINT                  SMALLINT                  int16
//	INT                       INT                       int32
//	BIGINT                    BIGINT                    int64
//	FLOAT                     FLOAT                     float32
//	DOUBLE                    DOUBLE                    float64
//	DECIMAL(p,s)              DECIMAL (DecimalSize p,s) Decimal, exact text like "-12.340"
//	STRING, CHAR, VARCHAR     STRING                    string
//	BINARY                    BINARY                    []byte
//	DATE                      DATE                      time.Time, midnight UTC
//	TIMESTAMP                 TIMESTAMP                 time.Time in the session time zone
//	TIMESTAMP_NTZ             TIMESTAMP_NTZ             time.Time, the wall clock in UTC
//	INTERVAL YEAR TO MONTH…   INTERVAL YEAR TO MONTH…   int32, a number of months
//	INTERVAL DAY TO SECOND…   INTERVAL DAY TO SECOND…   time.Duration
//	INTERVAL (make_interval)  INTERVAL                  CalendarInterval
//	ARRAY<T>                  ARRAY<T>                  []any
//	MAP<STRING,V>             MAP<STRING,V>             map[string]any
//	MAP<K,V>, K scalar        MAP<K,V>                  map[any]any, keys as above
//	MAP<K,V>, K non-scalar    MAP<K,V>                  []MapEntry, in server order
//	STRUCT<a:T,…>             STRUCT<a:T,…>             map[string]any by field name
//	VARIANT                   VARIANT                   map[string]any, "value" and "metadata" []byte
//	VOID (untyped NULL)       VOID                      nil (ScanType is any)
//
// Elements of arrays, maps and structs follow the same table, with nil for
// NULL. database/sql converts further on Scan: any integer scans into any
// integer type that holds it, a Decimal into a *string or sql.NullString
// (exactly) or a *float64 (rounded), any value into *any, and NULL into the
// sql.Null types or a pointer. DatabaseTypeName comes from the Spark schema
// the server sends with query results; command results (SHOW, DESCRIBE…)
// carry only an Arrow schema, from which an interval is named by its widest
// range. ColumnType.Length is math.MaxInt64 for STRING and BINARY, n for
// CHAR(n) and VARCHAR(n) (which Spark reports as such only when
// spark.sql.preserveCharVarcharTypeInfo is true, and as STRING otherwise),
// and absent for other types.
//
// Timestamps are instants shown in the session time zone that Spark sends
// with them (spark.sql.session.timeZone); a zone name Go does not know
// gives UTC, the instant being the same.
//
// # Statements
//
// QueryContext returns once the first batch of the result, its end, or an
// error has arrived, so errors of the query itself are reported there.
// ExecContext runs a statement to its end, discarding any rows. Spark does
// not count the rows a statement changes, so Result.RowsAffected returns
// ErrRowsAffectedUnknown unless the statement reports num_affected_rows (as
// Delta Lake's DML does), and LastInsertId returns ErrNoLastInsertID.
// Prepare keeps the query text only; it is sent, with its arguments, on
// each execution. BeginTx returns ErrNoTransactions: Spark has none.
//
// Cancelling the context of a query, or of Rows still being read,
// interrupts the operation on the server and ends the call with an error
// wrapping context.Canceled; the connection stays usable.
//
// # Errors
//
// Errors are connect's: *connect.SparkError for errors raised by Spark
// (errors.As reaches it through database/sql), *connect.TransportError when
// the server cannot be reached. A connection whose session the server lost
// (connect.ErrSessionReset) is discarded by the pool. database/sql retries a
// statement on another connection only when the failure came before the
// statement could have run, as driver.ErrBadConn requires: when the session
// was known to be lost beforehand, or was found lost by the check made on
// connections idle longer than Config.IdleCheck. A reset discovered during
// the statement is returned to the caller, since the statement may have run.
package sparksql
