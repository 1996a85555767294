// Package local manages local Spark Connect servers for sparkgo, in the
// manner of sparklyr's spark_connect_service_start.
//
// It has three jobs:
//
//   - Discovery. [FindJava] locates a Java runtime (the JavaHome option,
//     then $JAVA_HOME, then java on $PATH) and [FindSpark] locates a Spark
//     home (the SparkHome option or $SPARK_HOME, then the managed install,
//     then a pyspark package importable by python3). A Spark home is valid
//     when it has bin/spark-submit and jars/spark-connect_2.13-<version>.jar.
//
//   - Installation. [Install] creates a managed Spark in
//     <cache>/spark/<major.minor>/, a Python virtualenv holding the pyspark
//     wheel (which bundles the Spark jars and the Connect server). An
//     existing valid install is reused without touching the network.
//
//   - Service lifecycle. [Start] launches
//     org.apache.spark.sql.connect.service.SparkConnectServer through
//     spark-submit as a detached process bound to 127.0.0.1 only, and returns
//     once a real gRPC AnalyzePlan(spark_version) call is answered. [Stop],
//     [Status], [List] and [Logs] operate on services by port, so several
//     Spark versions can run side by side on different ports.
//
// # Files
//
// The cache directory is $SPARKGO_CACHE when set, else
// os.UserCacheDir()/sparkgo (on Linux usually ~/.cache/sparkgo). A service on
// port P keeps its files in <cache>/run/<P>/: server.log (stdout and stderr of
// the server, the previous run's log is kept as server.log.1), server.pid,
// state.json and a lock file. Stop removes server.pid and state.json but keeps
// the logs.
//
// # Concurrency
//
// All functions are safe for concurrent use, also from several processes:
// Install holds a file lock per managed version and Start and Stop hold a file
// lock per port. Start is idempotent: when the port already runs a live
// service started by this package, Start returns it with Reused set instead of
// launching a second server. This makes the package suitable for test set-up,
// where several test binaries run in parallel and each calls:
//
//	func TestMain(m *testing.M) {
//		ctx := context.Background()
//		svc, err := local.Ensure(ctx, local.Options{Port: 15101})
//		if err != nil {
//			log.Fatal(err) // fail loudly: the tests need a real server
//		}
//		os.Setenv("SPARK_REMOTE", svc.URL)
//		os.Exit(m.Run())
//	}
//
// Leave a shared server running when the tests end: another test binary may
// still be using it, and the next run reuses it at once. A package that
// wants a private server should use a port of its own and Stop it after
// m.Run when svc.Reused is false.
//
// # Security
//
// The server listens on 127.0.0.1 only, without authentication: any local
// user can connect to it and run code as the user who started it.
package local
