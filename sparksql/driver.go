package sparksql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/sparkgo/sparkgo/connect"
)

// DriverName is the name the driver is registered under with database/sql.
const DriverName = "spark"

func init() {
	sql.Register(DriverName, &Driver{})
}

// DefaultIdleCheck is the Config.IdleCheck used when it is zero.
const DefaultIdleCheck = 30 * time.Second

var (
	// ErrNoTransactions is returned by BeginTx: Spark SQL has no
	// transactions, so each statement takes effect on its own.
	ErrNoTransactions = errors.New("sparksql: Spark has no transactions: run statements without BeginTx")

	// ErrRowsAffectedUnknown is returned by Result.RowsAffected when Spark
	// did not report the count, as for most statements on non-Delta tables.
	ErrRowsAffectedUnknown = errors.New("sparksql: Spark did not report the number of affected rows")

	// ErrNoLastInsertID is returned by Result.LastInsertId: Spark has no
	// auto-increment keys.
	ErrNoLastInsertID = errors.New("sparksql: Spark has no last insert id")
)

// Driver is the database/sql driver for Spark Connect, registered as
// "spark". Its data source names are Spark Connect connection strings
// (see connect.ParseConnString); "" means the SPARK_REMOTE environment
// variable.
type Driver struct{}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.DriverContext = (*Driver)(nil)
)

// Open opens one connection (one Spark Connect session) to the server
// named by dsn. database/sql calls OpenConnector instead.
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses dsn once for all the connections of a sql.DB.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	server, err := connect.ParseConnString(dsn)
	if err != nil {
		return nil, err
	}
	return NewConnector(Config{Server: server})
}

// Config configures a Connector. The zero value connects to the server
// named by SPARK_REMOTE with default settings.
type Config struct {
	// Server says how to reach the Spark Connect server, as
	// connect.ParseConnString returns it; a zero Server (no Host) means the
	// connection string in SPARK_REMOTE. Its SessionID must be empty: every
	// connection opens a session of its own.
	Server connect.Config
	// Options adjusts the sessions (Arrow allocator, gRPC dial options).
	Options connect.Options
	// Conf holds Spark SQL settings applied to every new connection's
	// session, such as {"spark.sql.session.timeZone": "UTC"}.
	Conf map[string]string
	// IdleCheck is how long a pooled connection may sit unused before
	// database/sql's next use of it first checks, with one round trip, that
	// the server still has its session (a server restart or Spark's idle
	// session timeout loses it); a lost session makes database/sql switch
	// to another connection. 0 means DefaultIdleCheck; a negative value
	// turns the check off.
	IdleCheck time.Duration
}

// Connector opens connections with a fixed Config; pass it to sql.OpenDB.
// It is safe for concurrent use.
type Connector struct {
	cfg Config
}

var _ driver.Connector = (*Connector)(nil)

// NewConnector returns a Connector for cfg, to be passed to sql.OpenDB:
//
//	c, err := sparksql.NewConnector(sparksql.Config{Conf: map[string]string{"spark.sql.session.timeZone": "UTC"}})
//	if err != nil { ... }
//	db := sql.OpenDB(c)
func NewConnector(cfg Config) (*Connector, error) {
	if cfg.Server.Host == "" {
		server, err := connect.ParseConnString("")
		if err != nil {
			return nil, err
		}
		cfg.Server = server
	}
	if cfg.Server.SessionID != "" {
		return nil, fmt.Errorf("sparksql: the connection string sets session_id %s, but every database/sql connection needs a session of its own; remove it", cfg.Server.SessionID)
	}
	if cfg.IdleCheck == 0 {
		cfg.IdleCheck = DefaultIdleCheck
	}
	conf := make(map[string]string, len(cfg.Conf))
	for k, v := range cfg.Conf {
		conf[k] = v
	}
	cfg.Conf = conf
	return &Connector{cfg: cfg}, nil
}

// Connect opens a new Spark Connect session and applies Config.Conf to it.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	sess, err := connect.NewSession(ctx, c.cfg.Server, c.cfg.Options)
	if err != nil {
		return nil, err
	}
	if len(c.cfg.Conf) > 0 {
		if err := sess.SetConf(ctx, c.cfg.Conf); err != nil {
			sess.Close()
			return nil, err
		}
	}
	conn := &Conn{sess: sess, idleCheck: c.cfg.IdleCheck}
	conn.touch()
	return conn, nil
}

// Driver returns the driver registered as "spark".
func (c *Connector) Driver() driver.Driver { return &Driver{} }
