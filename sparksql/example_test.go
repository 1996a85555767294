package sparksql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/sparksql"
)

func Example() {
	ctx := context.Background()
	db, err := sql.Open("spark", "sc://localhost:15002")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, "SELECT id, id * :factor AS scaled FROM range(5) WHERE id >= :min",
		sql.Named("factor", 10), sql.Named("min", 2))
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, scaled int64
		if err := rows.Scan(&id, &scaled); err != nil {
			log.Fatal(err)
		}
		fmt.Println(id, scaled)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
}

func ExampleNewConnector() {
	c, err := sparksql.NewConnector(sparksql.Config{
		// A zero Server means SPARK_REMOTE.
		Conf: map[string]string{"spark.sql.session.timeZone": "UTC"},
	})
	if err != nil {
		log.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()

	var ts time.Time
	if err := db.QueryRow("SELECT TIMESTAMP'2024-01-02 03:04:05'").Scan(&ts); err != nil {
		log.Fatal(err)
	}
	fmt.Println(ts) // 2024-01-02 03:04:05 +0000 UTC
}

// Temporary views and SET belong to one connection's session: run
// statements that share them on one sql.Conn.
func ExampleConn_Session() {
	ctx := context.Background()
	db, err := sql.Open("spark", "")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	if _, err := conn.ExecContext(ctx, "CREATE TEMP VIEW people AS SELECT * FROM VALUES ('ann', 31), ('bob', 25) AS t(name, age)"); err != nil {
		log.Fatal(err)
	}
	var name string
	if err := conn.QueryRowContext(ctx, "SELECT name FROM people WHERE age > ?", 30).Scan(&name); err != nil {
		log.Fatal(err)
	}
	fmt.Println(name)

	// The connection's Spark Connect session, for what SQL does not cover.
	err = conn.Raw(func(dc any) error {
		sess := dc.(*sparksql.Conn).Session()
		v, err := sess.SparkVersion(ctx)
		fmt.Println("Spark", v)
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
}

func ExampleDecimal() {
	d, err := sparksql.ParseDecimal("12345678901234567890.123456789012345678")
	if err != nil {
		log.Fatal(err)
	}
	r, _ := d.Rat()
	fmt.Println(d, d.Scale())
	fmt.Println(r.FloatString(2))
	// Output:
	// 12345678901234567890.123456789012345678 18
	// 12345678901234567890.12
}

func Example_columnTypes() {
	db, err := sql.Open("spark", "")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT CAST(1.5 AS DECIMAL(10,2)) AS price, array(1, 2) AS xs, current_timestamp() AS now")
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		log.Fatal(err)
	}
	for _, ct := range types {
		p, s, _ := ct.DecimalSize()
		fmt.Println(ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), p, s)
	}
	// price DECIMAL sparksql.Decimal 10 2
	// xs ARRAY<INT> []interface {} 0 0
	// now TIMESTAMP time.Time 0 0
}

// Cancelling the context interrupts the query on the server.
func Example_cancel() {
	db, err := sql.Open("spark", "")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = db.QueryContext(ctx, "SELECT reflect('java.lang.Thread', 'sleep', CAST(60000 AS BIGINT))")
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
}

func Example_sparkError() {
	db, err := sql.Open("spark", "")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	_, err = db.Query("SELECT no_such_column")
	var se *connect.SparkError
	if errors.As(err, &se) {
		fmt.Println(se.ErrorClass, se.SQLState)
	}
}
