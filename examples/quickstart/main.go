// Command quickstart is the first sparkgo walkthrough as a plain Go program:
// it connects to Spark (SPARK_REMOTE, or the -remote flag), loads the
// transmission and fuel-economy columns of R's mtcars, and prints the mean
// miles per gallon by transmission (0 = automatic, 1 = manual): 17.1 and 24.4.
//
// `make demo` starts a local Spark and runs it. The notebook version of this
// walkthrough comes with the sparkgo Jupyter kernel.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/sparkgo/sparkgo/connect"
)

// mtcars holds (car, mpg, am) of R's datasets::mtcars.
const mtcars = `VALUES
 ('Mazda RX4', 21.0, 1), ('Mazda RX4 Wag', 21.0, 1), ('Datsun 710', 22.8, 1),
 ('Hornet 4 Drive', 21.4, 0), ('Hornet Sportabout', 18.7, 0), ('Valiant', 18.1, 0),
 ('Duster 360', 14.3, 0), ('Merc 240D', 24.4, 0), ('Merc 230', 22.8, 0), ('Merc 280', 19.2, 0),
 ('Merc 280C', 17.8, 0), ('Merc 450SE', 16.4, 0), ('Merc 450SL', 17.3, 0), ('Merc 450SLC', 15.2, 0),
 ('Cadillac Fleetwood', 10.4, 0), ('Lincoln Continental', 10.4, 0), ('Chrysler Imperial', 14.7, 0),
 ('Fiat 128', 32.4, 1), ('Honda Civic', 30.4, 1), ('Toyota Corolla', 33.9, 1), ('Toyota Corona', 21.5, 0),
 ('Dodge Challenger', 15.5, 0), ('AMC Javelin', 15.2, 0), ('Camaro Z28', 13.3, 0),
 ('Pontiac Firebird', 19.2, 0), ('Fiat X1-9', 27.3, 1), ('Porsche 914-2', 26.0, 1),
 ('Lotus Europa', 30.4, 1), ('Ford Pantera L', 15.8, 1), ('Ferrari Dino', 19.7, 1),
 ('Maserati Bora', 15.0, 1), ('Volvo 142E', 21.4, 1)
 AS mtcars(car, mpg, am)`

func main() {
	remote := flag.String("remote", "", "Spark Connect connection string (default $SPARK_REMOTE)")
	flag.Parse()
	if err := run(*remote); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(remote string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sess, err := connect.Connect(ctx, remote)
	if err != nil {
		return err
	}
	defer sess.Close()
	version, err := sess.SparkVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("# Connected to Spark %s at %s\n", version, sess.Config().Redacted())

	rows, err := sess.SQL(ctx, "SELECT am, ROUND(AVG(mpg), 1) AS mpg, COUNT(*) AS n FROM "+mtcars+" GROUP BY am ORDER BY am")
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Println("# mtcars |> group_by(am) |> summarise(mpg = mean(mpg))")
	fmt.Printf("%4s %6s %4s\n", "am", "mpg", "n")
	for rows.Next() {
		b := rows.RecordBatch()
		for i := 0; i < int(b.NumRows()); i++ {
			fmt.Printf("%4s %6s %4s\n", b.Column(0).ValueStr(i), b.Column(1).ValueStr(i), b.Column(2).ValueStr(i))
		}
	}
	return rows.Err()
}
