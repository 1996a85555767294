package frame

import (
	"context"
	"fmt"
	"strings"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Catalog inspects and manages the session's catalogs, databases, tables,
// views, functions and cached tables. Get one with Session.Catalog. Each
// method is a round trip to the server.
type Catalog struct {
	s *Session
}

// Catalog returns the session's catalog interface.
func (s *Session) Catalog() *Catalog { return &Catalog{s: s} }

// CatalogInfo describes a catalog.
type CatalogInfo struct {
	Name        string
	Description string
}

// Database describes a database (namespace) of a catalog.
type Database struct {
	Name        string
	Catalog     string
	Description string
	LocationURI string
}

// Table describes a table or view.
type Table struct {
	Name        string
	Catalog     string   // "" for temporary views
	Namespace   []string // the database, as parts; empty for temporary views
	Description string
	TableType   string // "MANAGED", "EXTERNAL", "VIEW" or "TEMPORARY"
	IsTemporary bool
}

// TableColumn describes a column of a table or view.
type TableColumn struct {
	Name        string
	Description string // the column's comment
	DataType    string // in Spark's simple form: "int", "decimal(3,1)", "array<string>"
	Nullable    bool
	IsPartition bool
	IsBucket    bool
	IsCluster   bool
}

// Function describes a function of the catalog or a temporary function.
type Function struct {
	Name        string
	Catalog     string
	Namespace   []string
	Description string
	ClassName   string
	IsTemporary bool
}

// run executes a catalog operation and returns its rows.
func (c *Catalog) run(ctx context.Context, cat *pb.Catalog) ([]map[string]any, error) {
	return c.s.frame(&pb.Relation{RelType: &pb.Relation_Catalog{Catalog: cat}}, "").CollectMaps(ctx)
}

// scalar executes a catalog operation that returns one value.
func (c *Catalog) scalar(ctx context.Context, what string, cat *pb.Catalog) (any, error) {
	rows, err := c.run(ctx, cat)
	if err != nil {
		return nil, err
	}
	if len(rows) != 1 || len(rows[0]) != 1 {
		return nil, fmt.Errorf("frame: %s: the server sent %d rows, want one value", what, len(rows))
	}
	for _, v := range rows[0] {
		return v, nil
	}
	return nil, nil
}

func (c *Catalog) boolean(ctx context.Context, what string, cat *pb.Catalog) (bool, error) {
	v, err := c.scalar(ctx, what, cat)
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("frame: %s: the server sent a %T, want a boolean", what, v)
	}
	return b, nil
}

func (c *Catalog) str(ctx context.Context, what string, cat *pb.Catalog) (string, error) {
	v, err := c.scalar(ctx, what, cat)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("frame: %s: the server sent a %T, want a string", what, v)
	}
	return s, nil
}

// exec executes a catalog operation run for its effect.
func (c *Catalog) exec(ctx context.Context, cat *pb.Catalog) error {
	_, err := c.run(ctx, cat)
	return err
}

func catOpt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func catString(row map[string]any, key string) string {
	s, _ := row[key].(string)
	return s
}

func catBool(row map[string]any, key string) bool {
	b, _ := row[key].(bool)
	return b
}

func catStrings(row map[string]any, key string) []string {
	vs, _ := row[key].([]any)
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ListCatalogs lists the catalogs whose names match pattern ("" for all;
// * is a wildcard).
func (c *Catalog) ListCatalogs(ctx context.Context, pattern string) ([]CatalogInfo, error) {
	rows, err := c.run(ctx, &pb.Catalog{CatType: &pb.Catalog_ListCatalogs{ListCatalogs: &pb.ListCatalogs{Pattern: catOpt(pattern)}}})
	if err != nil {
		return nil, err
	}
	out := make([]CatalogInfo, len(rows))
	for i, r := range rows {
		out[i] = CatalogInfo{Name: catString(r, "name"), Description: catString(r, "description")}
	}
	return out, nil
}

// ListDatabases lists the databases of the current catalog whose names
// match pattern ("" for all; * is a wildcard).
func (c *Catalog) ListDatabases(ctx context.Context, pattern string) ([]Database, error) {
	rows, err := c.run(ctx, &pb.Catalog{CatType: &pb.Catalog_ListDatabases{ListDatabases: &pb.ListDatabases{Pattern: catOpt(pattern)}}})
	if err != nil {
		return nil, err
	}
	out := make([]Database, len(rows))
	for i, r := range rows {
		out[i] = databaseOf(r)
	}
	return out, nil
}

func databaseOf(r map[string]any) Database {
	return Database{Name: catString(r, "name"), Catalog: catString(r, "catalog"),
		Description: catString(r, "description"), LocationURI: catString(r, "locationUri")}
}

// ListTables lists the tables and views of database db ("" for the current
// one) whose names match pattern ("" for all; * is a wildcard), temporary
// views included.
func (c *Catalog) ListTables(ctx context.Context, db, pattern string) ([]Table, error) {
	rows, err := c.run(ctx, &pb.Catalog{CatType: &pb.Catalog_ListTables{ListTables: &pb.ListTables{
		DbName: catOpt(db), Pattern: catOpt(pattern)}}})
	if err != nil {
		return nil, err
	}
	out := make([]Table, len(rows))
	for i, r := range rows {
		out[i] = tableOf(r)
	}
	return out, nil
}

func tableOf(r map[string]any) Table {
	return Table{Name: catString(r, "name"), Catalog: catString(r, "catalog"), Namespace: catStrings(r, "namespace"),
		Description: catString(r, "description"), TableType: catString(r, "tableType"), IsTemporary: catBool(r, "isTemporary")}
}

// ListColumns lists the columns of a table or view (a name of up to three
// parts, catalog.database.table).
func (c *Catalog) ListColumns(ctx context.Context, table string) ([]TableColumn, error) {
	rows, err := c.run(ctx, &pb.Catalog{CatType: &pb.Catalog_ListColumns{ListColumns: &pb.ListColumns{TableName: table}}})
	if err != nil {
		return nil, err
	}
	out := make([]TableColumn, len(rows))
	for i, r := range rows {
		out[i] = TableColumn{Name: catString(r, "name"), Description: catString(r, "description"),
			DataType: catString(r, "dataType"), Nullable: catBool(r, "nullable"), IsPartition: catBool(r, "isPartition"),
			IsBucket: catBool(r, "isBucket"), IsCluster: catBool(r, "isCluster")}
	}
	return out, nil
}

// ListFunctions lists the functions of database db ("" for the current
// one), built-in and temporary functions included, whose names match
// pattern ("" for all; * is a wildcard).
func (c *Catalog) ListFunctions(ctx context.Context, db, pattern string) ([]Function, error) {
	rows, err := c.run(ctx, &pb.Catalog{CatType: &pb.Catalog_ListFunctions{ListFunctions: &pb.ListFunctions{
		DbName: catOpt(db), Pattern: catOpt(pattern)}}})
	if err != nil {
		return nil, err
	}
	out := make([]Function, len(rows))
	for i, r := range rows {
		out[i] = Function{Name: catString(r, "name"), Catalog: catString(r, "catalog"), Namespace: catStrings(r, "namespace"),
			Description: catString(r, "description"), ClassName: catString(r, "className"), IsTemporary: catBool(r, "isTemporary")}
	}
	return out, nil
}

// GetTable describes one table or view; a missing one is an error
// (TABLE_OR_VIEW_NOT_FOUND).
func (c *Catalog) GetTable(ctx context.Context, table string) (Table, error) {
	rows, err := c.run(ctx, &pb.Catalog{CatType: &pb.Catalog_GetTable{GetTable: &pb.GetTable{TableName: table}}})
	if err != nil {
		return Table{}, err
	}
	if len(rows) != 1 {
		return Table{}, fmt.Errorf("frame: GetTable: the server sent %d rows, want 1", len(rows))
	}
	return tableOf(rows[0]), nil
}

// GetDatabase describes one database; a missing one is an error
// (SCHEMA_NOT_FOUND).
func (c *Catalog) GetDatabase(ctx context.Context, db string) (Database, error) {
	rows, err := c.run(ctx, &pb.Catalog{CatType: &pb.Catalog_GetDatabase{GetDatabase: &pb.GetDatabase{DbName: db}}})
	if err != nil {
		return Database{}, err
	}
	if len(rows) != 1 {
		return Database{}, fmt.Errorf("frame: GetDatabase: the server sent %d rows, want 1", len(rows))
	}
	return databaseOf(rows[0]), nil
}

// TableExists reports whether a table or view (temporary views included) exists.
func (c *Catalog) TableExists(ctx context.Context, table string) (bool, error) {
	return c.boolean(ctx, "TableExists", &pb.Catalog{CatType: &pb.Catalog_TableExists{TableExists: &pb.TableExists{TableName: table}}})
}

// DatabaseExists reports whether a database exists.
func (c *Catalog) DatabaseExists(ctx context.Context, db string) (bool, error) {
	return c.boolean(ctx, "DatabaseExists", &pb.Catalog{CatType: &pb.Catalog_DatabaseExists{DatabaseExists: &pb.DatabaseExists{DbName: db}}})
}

// FunctionExists reports whether a function (built-in, persistent or
// temporary) exists.
func (c *Catalog) FunctionExists(ctx context.Context, function string) (bool, error) {
	return c.boolean(ctx, "FunctionExists", &pb.Catalog{CatType: &pb.Catalog_FunctionExists{FunctionExists: &pb.FunctionExists{FunctionName: function}}})
}

// CurrentDatabase returns the name of the session's current database.
func (c *Catalog) CurrentDatabase(ctx context.Context) (string, error) {
	return c.str(ctx, "CurrentDatabase", &pb.Catalog{CatType: &pb.Catalog_CurrentDatabase{CurrentDatabase: &pb.CurrentDatabase{}}})
}

// SetCurrentDatabase makes db the session's current database, where
// unqualified table names are looked up.
func (c *Catalog) SetCurrentDatabase(ctx context.Context, db string) error {
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_SetCurrentDatabase{SetCurrentDatabase: &pb.SetCurrentDatabase{DbName: db}}})
}

// CurrentCatalog returns the name of the session's current catalog.
func (c *Catalog) CurrentCatalog(ctx context.Context) (string, error) {
	return c.str(ctx, "CurrentCatalog", &pb.Catalog{CatType: &pb.Catalog_CurrentCatalog{CurrentCatalog: &pb.CurrentCatalog{}}})
}

// SetCurrentCatalog makes catalog the session's current catalog.
func (c *Catalog) SetCurrentCatalog(ctx context.Context, catalog string) error {
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_SetCurrentCatalog{SetCurrentCatalog: &pb.SetCurrentCatalog{CatalogName: catalog}}})
}

// RefreshTable drops the cached metadata and data of a table, for files
// changed outside of Spark.
func (c *Catalog) RefreshTable(ctx context.Context, table string) error {
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_RefreshTable{RefreshTable: &pb.RefreshTable{TableName: table}}})
}

// RefreshByPath drops the cached data and metadata of every DataFrame that
// reads files under path.
func (c *Catalog) RefreshByPath(ctx context.Context, path string) error {
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_RefreshByPath{RefreshByPath: &pb.RefreshByPath{Path: path}}})
}

// RecoverPartitions adds the partition directories found under a
// partitioned table's location to the catalog.
func (c *Catalog) RecoverPartitions(ctx context.Context, table string) error {
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_RecoverPartitions{RecoverPartitions: &pb.RecoverPartitions{TableName: table}}})
}

// CacheTable caches a table or view at a storage level given by Spark's
// name ("" for MEMORY_AND_DISK; see ParseStorageLevel). Rows are cached
// lazily, by the next query that reads them.
func (c *Catalog) CacheTable(ctx context.Context, table, storageLevel string) error {
	ct := &pb.CacheTable{TableName: table}
	if storageLevel != "" {
		l, err := ParseStorageLevel(storageLevel)
		if err != nil {
			return err
		}
		ct.StorageLevel = l.proto()
	}
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_CacheTable{CacheTable: ct}})
}

// UncacheTable drops the cached rows of a table or view.
func (c *Catalog) UncacheTable(ctx context.Context, table string) error {
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_UncacheTable{UncacheTable: &pb.UncacheTable{TableName: table}}})
}

// IsCached reports whether a table or view is cached.
func (c *Catalog) IsCached(ctx context.Context, table string) (bool, error) {
	return c.boolean(ctx, "IsCached", &pb.Catalog{CatType: &pb.Catalog_IsCached{IsCached: &pb.IsCached{TableName: table}}})
}

// ClearCache drops every cached table and DataFrame. Spark's cache is
// shared by all the sessions of a server, so this drops theirs too.
func (c *Catalog) ClearCache(ctx context.Context) error {
	return c.exec(ctx, &pb.Catalog{CatType: &pb.Catalog_ClearCache{ClearCache: &pb.ClearCache{}}})
}

// DropTempView drops a temporary view, reporting whether it existed.
func (c *Catalog) DropTempView(ctx context.Context, view string) (bool, error) {
	return c.boolean(ctx, "DropTempView", &pb.Catalog{CatType: &pb.Catalog_DropTempView{DropTempView: &pb.DropTempView{ViewName: view}}})
}

// DropGlobalTempView drops a global temporary view, reporting whether it existed.
func (c *Catalog) DropGlobalTempView(ctx context.Context, view string) (bool, error) {
	return c.boolean(ctx, "DropGlobalTempView", &pb.Catalog{CatType: &pb.Catalog_DropGlobalTempView{
		DropGlobalTempView: &pb.DropGlobalTempView{ViewName: view}}})
}

// TableSpec describes a table for Catalog.CreateTable.
type TableSpec struct {
	// Source is the data source of the table's files: "parquet", "csv",
	// "json", "orc", "delta"… ("" for spark.sql.sources.default, parquet).
	Source string
	// Path holds the table's files: an external table, whose files stay
	// when the table is dropped. "" makes a managed table in the warehouse.
	Path string
	// Schema gives the columns in DDL form ("id BIGINT, name STRING"). ""
	// infers them from the files at Path.
	Schema string
	// Description is the table's comment.
	Description string
	// Options are data source options, such as {"header": "true"} for CSV.
	Options map[string]string
}

// CreateTable creates a table in the catalog, with no rows or over the
// existing files at spec.Path, and returns a DataFrame reading it. An
// existing table is an error (TABLE_OR_VIEW_ALREADY_EXISTS).
//
//	cat.CreateTable(ctx, "people", frame.TableSpec{Schema: "id BIGINT, name STRING"})
//	cat.CreateTable(ctx, "flights", frame.TableSpec{Source: "csv", Path: "/data/flights",
//		Options: map[string]string{"header": "true", "inferSchema": "true"}})
func (c *Catalog) CreateTable(ctx context.Context, table string, spec TableSpec) (*DataFrame, error) {
	ct := &pb.CreateTable{TableName: table, Path: catOpt(spec.Path), Source: catOpt(spec.Source),
		Description: catOpt(spec.Description), Options: spec.Options}
	return c.create(ctx, "CreateTable", table, spec.Schema, func(schema *pb.DataType) *pb.Catalog {
		ct.Schema = schema
		return &pb.Catalog{CatType: &pb.Catalog_CreateTable{CreateTable: ct}}
	})
}

// CreateExternalTable creates a table over the existing files at
// spec.Path, which stay when the table is dropped; it is CreateTable with a
// required path (and, as in Spark, without a description).
func (c *Catalog) CreateExternalTable(ctx context.Context, table string, spec TableSpec) (*DataFrame, error) {
	if spec.Path == "" {
		return nil, fmt.Errorf("frame: CreateExternalTable %q needs the path of the table's files", table)
	}
	if spec.Description != "" {
		return nil, fmt.Errorf("frame: CreateExternalTable takes no description; use CreateTable")
	}
	ct := &pb.CreateExternalTable{TableName: table, Path: catOpt(spec.Path), Source: catOpt(spec.Source), Options: spec.Options}
	return c.create(ctx, "CreateExternalTable", table, spec.Schema, func(schema *pb.DataType) *pb.Catalog {
		ct.Schema = schema
		return &pb.Catalog{CatType: &pb.Catalog_CreateExternalTable{CreateExternalTable: ct}}
	})
}

// create runs a table creation. The server creates the table when it
// analyzes the plan, so an analysis (not a query, which would read every
// row of an external table) runs it; the DataFrame returned reads the
// table by name, as running the creation plan again would fail.
func (c *Catalog) create(ctx context.Context, what, table, ddl string, build func(*pb.DataType) *pb.Catalog) (*DataFrame, error) {
	if strings.TrimSpace(table) == "" {
		return nil, fmt.Errorf("frame: %s needs a table name", what)
	}
	var schema *pb.DataType
	if strings.TrimSpace(ddl) != "" {
		var err error
		if schema, err = c.s.conn.ParseDDL(ctx, ddl); err != nil {
			return nil, fmt.Errorf("frame: %s %q: schema %q: %w", what, table, ddl, err)
		}
	}
	rel := &pb.Relation{RelType: &pb.Relation_Catalog{Catalog: build(schema)}, Common: c.s.newRelation()}
	if _, err := c.s.conn.Schema(ctx, rel); err != nil {
		return nil, err
	}
	return c.s.Table(table), nil
}
