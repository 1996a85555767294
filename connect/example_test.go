package connect_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"

	"github.com/sparkgo/sparkgo/connect"
)

func ExampleParseConnString() {
	cfg, err := connect.ParseConnString("sc://spark.example.com/;token=s3cret;user_id=alice;x-cluster=7")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Host, cfg.Port, cfg.UseSSL, cfg.UserID, cfg.Headers["x-cluster"])
	fmt.Println(cfg.Redacted())

	_, err = connect.ParseConnString("sc://spark.example.com:15002/default")
	fmt.Println(err)
	// Output:
	// spark.example.com 15002 true alice 7
	// sc://spark.example.com:15002/;token=***;user_id=alice;x-cluster=7
	// connect: bad connection string "sc://spark.example.com:15002/default": path: must be empty, got "/default" (parameters follow ";", as in sc://host:15002/;token=...)
}

func ExampleSession_SQL() {
	ctx := context.Background()
	sess, err := connect.Connect(ctx, "sc://localhost:15002")
	if err != nil {
		log.Fatal(err)
	}
	defer sess.Close()

	rows, err := sess.SQL(ctx, "SELECT id, id * :factor AS scaled FROM range(5)", sql.Named("factor", 10))
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		batch := rows.RecordBatch()
		fmt.Println(batch.NumRows(), "rows:", batch.Column(1))
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
}

func ExampleSparkError() {
	ctx := context.Background()
	sess, err := connect.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer sess.Close()

	query := "SELECT nope FROM range(3)"
	_, err = sess.SQL(ctx, query)
	var se *connect.SparkError
	if errors.As(err, &se) {
		fmt.Println(se.ErrorClass, se.SQLState)
		for _, qc := range se.QueryContexts {
			fmt.Printf("%s\n%*s%s\n", query, qc.Start, "", "^^^^")
		}
	}
}

func ExampleSession_InterruptTag() {
	ctx := context.Background()
	sess, err := connect.Connect(ctx, "")
	if err != nil {
		log.Fatal(err)
	}
	defer sess.Close()

	// Tag the operations of one notebook cell, so that its interrupt button
	// can stop them from another goroutine.
	opts := connect.ExecuteOptions{Tags: []string{"cell-7"}}
	go func() {
		rows, err := sess.SQLWithOptions(ctx, opts, "SELECT count(*) FROM range(100000000000)")
		if err == nil {
			for rows.Next() {
			}
			fmt.Println(rows.Err()) // [OPERATION_CANCELED] ...
		}
	}()
	ids, err := sess.InterruptTag(ctx, "cell-7")
	fmt.Println(len(ids), err)
}
