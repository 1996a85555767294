package sparksql

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/connect"
)

// Conn is one database/sql connection: one Spark Connect session, with its
// own temporary views, session configuration and cached data. database/sql
// uses a Conn from one goroutine at a time; reach it with sql.Conn.Raw to
// use the session directly:
//
//	err := sqlConn.Raw(func(dc any) error {
//		sess := dc.(*sparksql.Conn).Session()
//		...
//	})
type Conn struct {
	sess      *connect.Session
	idleCheck time.Duration // < 0: never
	lastUsed  atomic.Int64  // unix nanoseconds of the end of the last call

	mu     sync.Mutex
	broken error // why the session is unusable (reset or closed); nil if fine
}

var (
	_ driver.Conn               = (*Conn)(nil)
	_ driver.ConnBeginTx        = (*Conn)(nil)
	_ driver.ConnPrepareContext = (*Conn)(nil)
	_ driver.QueryerContext     = (*Conn)(nil)
	_ driver.ExecerContext      = (*Conn)(nil)
	_ driver.Pinger             = (*Conn)(nil)
	_ driver.SessionResetter    = (*Conn)(nil)
	_ driver.Validator          = (*Conn)(nil)
	_ driver.NamedValueChecker  = (*Conn)(nil)
)

// Session returns the connection's Spark Connect session. Closing it
// breaks the connection, which database/sql then discards.
func (c *Conn) Session() *connect.Session { return c.sess }

func (c *Conn) touch() { c.lastUsed.Store(time.Now().UnixNano()) }

// brokenErr returns why the session is unusable, or nil.
func (c *Conn) brokenErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.broken
}

// fail records err if it means the session is gone, and returns it.
func (c *Conn) fail(err error) error {
	if sessionGone(err) {
		c.mu.Lock()
		if c.broken == nil {
			c.broken = err
		}
		c.mu.Unlock()
	}
	return err
}

func sessionGone(err error) bool {
	return errors.Is(err, connect.ErrSessionReset) || errors.Is(err, connect.ErrSessionClosed)
}

// badConn returns an error that is both driver.ErrBadConn, so that
// database/sql retries on another connection, and the cause. Only for
// failures that happened before the statement could have run.
func badConn(cause error) error {
	return fmt.Errorf("%w: %w", driver.ErrBadConn, cause)
}

// start begins a statement: it refuses (retryably) on a connection known to
// be broken and otherwise sends the statement.
func (c *Conn) start(ctx context.Context, query string, args []driver.NamedValue) (*connect.Rows, error) {
	if err := c.brokenErr(); err != nil {
		return nil, badConn(err)
	}
	rows, err := c.sess.SQL(ctx, query, connectArgs(args)...)
	if err != nil {
		err = c.fail(err)
		if errors.Is(err, connect.ErrSessionClosed) {
			// Refused by the client before any request was sent.
			return nil, badConn(err)
		}
		// A session reset here may have come from a reattach after the
		// statement ran, so it is not retried (see driver.ErrBadConn).
		return nil, err
	}
	return rows, nil
}

// QueryContext runs a query and returns its rows once the first batch
// (or the end of the result, or an error) has arrived; the rest streams as
// it is read. Cancelling ctx interrupts the query on the server.
func (c *Conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	r, err := c.start(ctx, query, args)
	if err != nil {
		c.touch()
		return nil, err
	}
	schema := r.Schema() // waits for the first batch
	if err := r.Err(); err != nil {
		r.Close()
		c.touch()
		return nil, c.fail(err)
	}
	return newRows(c, r, schema), nil
}

// ExecContext runs a statement to completion, reading and discarding any
// rows it returns. Its result's RowsAffected is the num_affected_rows the
// statement returned, if it did, or else ErrRowsAffectedUnknown;
// LastInsertId is always ErrNoLastInsertID.
func (c *Conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	defer c.touch()
	r, err := c.start(ctx, query, args)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	res := result{affected: -1}
	var n int64
	for r.Next() {
		b := r.RecordBatch()
		if n == 0 && b.NumRows() == 1 {
			res.affected = affectedRows(b)
		}
		n += b.NumRows()
	}
	if err := r.Err(); err != nil {
		return nil, c.fail(err)
	}
	if n != 1 {
		res.affected = -1
	}
	return res, nil
}

// affectedRows returns the value of the num_affected_rows column that some
// commands return (Delta Lake's INSERT, UPDATE, DELETE and MERGE, for
// instance), or -1.
func affectedRows(b arrow.RecordBatch) int64 {
	for i, f := range b.Schema().Fields() {
		if f.Name != "num_affected_rows" || b.Column(i).IsNull(0) {
			continue
		}
		switch a := b.Column(i).(type) {
		case *array.Int64:
			return a.Value(0)
		case *array.Int32:
			return int64(a.Value(0))
		}
	}
	return -1
}

// Ping checks that the server still has the connection's session, with one
// round trip.
func (c *Conn) Ping(ctx context.Context) error {
	defer c.touch()
	if err := c.brokenErr(); err != nil {
		return badConn(err)
	}
	if _, _, err := c.sess.LookupConf(ctx, "spark.sql.session.timeZone"); err != nil {
		if err = c.fail(err); sessionGone(err) {
			return badConn(err) // a ping has no effects to repeat
		}
		return err
	}
	return nil
}

// ResetSession is called by database/sql before it reuses a connection. It
// reports a broken connection, and checks the session of one that has been
// idle longer than Config.IdleCheck. Session state (temporary views,
// settings) is kept, not reset.
func (c *Conn) ResetSession(ctx context.Context) error {
	if c.brokenErr() != nil {
		return driver.ErrBadConn
	}
	if c.idleCheck < 0 || time.Since(time.Unix(0, c.lastUsed.Load())) < c.idleCheck {
		return nil
	}
	if err := c.Ping(ctx); errors.Is(err, driver.ErrBadConn) {
		return driver.ErrBadConn
	}
	return nil // other failures are the next statement's to report
}

// IsValid reports whether database/sql may keep the connection in its pool.
func (c *Conn) IsValid() bool { return c.brokenErr() == nil }

// CheckNamedValue checks and converts a query argument before anything is
// sent; see the package documentation for the accepted types.
func (c *Conn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := checkArg(nv.Value)
	if err != nil {
		return fmt.Errorf("sparksql: %s: %w", describeArg(nv), err)
	}
	nv.Value = v
	return nil
}

// Prepare returns a statement that holds query; nothing is sent until it is
// executed.
func (c *Conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext is Prepare; Spark Connect has no server-side prepared
// statements.
func (c *Conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	if err := c.brokenErr(); err != nil {
		return nil, badConn(err)
	}
	return &stmt{c: c, query: query}, nil
}

// Begin returns ErrNoTransactions.
func (c *Conn) Begin() (driver.Tx, error) { return nil, ErrNoTransactions }

// BeginTx returns ErrNoTransactions: Spark SQL has no transactions.
func (c *Conn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	return nil, ErrNoTransactions
}

// Close releases the Spark session (its temporary views and cached data)
// and the connection to the server.
func (c *Conn) Close() error {
	err := c.sess.Close()
	if err != nil && c.brokenErr() != nil {
		return nil // releasing a session the server already lost
	}
	return err
}

// stmt is a prepared statement: the query text, sent on each execution.
type stmt struct {
	c     *Conn
	query string
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

func (s *stmt) Close() error { return nil }

// NumInput returns -1: the driver does not count markers, Spark checks them.
func (s *stmt) NumInput() int { return -1 }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), namedValues(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), namedValues(args))
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.query, args)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.query, args)
}

func namedValues(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, v := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv
}

// result is the Result of ExecContext.
type result struct {
	affected int64 // -1: unknown
}

var _ driver.Result = result{}

// LastInsertId returns ErrNoLastInsertID.
func (r result) LastInsertId() (int64, error) { return 0, ErrNoLastInsertID }

// RowsAffected returns the count a statement reported in a
// num_affected_rows column, or ErrRowsAffectedUnknown.
func (r result) RowsAffected() (int64, error) {
	if r.affected < 0 {
		return 0, ErrRowsAffectedUnknown
	}
	return r.affected, nil
}
