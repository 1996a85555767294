package frame_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sparkgo/sparkgo/connect"
	F "github.com/sparkgo/sparkgo/frame"
)

// testDatabase creates a database of its own for the test, dropped with its
// tables when the test ends.
func testDatabase(t *testing.T, s *F.Session) string {
	t.Helper()
	db := fmt.Sprintf("sparkgo_test_%d", time.Now().UnixNano())
	if err := s.Sql(ctx, "CREATE DATABASE "+db+" COMMENT 'sparkgo test database'").Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Sql(ctx, "DROP DATABASE IF EXISTS "+db+" CASCADE").Err(); err != nil {
			t.Errorf("dropping %s: %v", db, err)
		}
	})
	return db
}

func TestCatalogDatabases(t *testing.T) {
	s := session(t)
	cat := s.Catalog()
	db := testDatabase(t, s)

	cats, err := cat.ListCatalogs(ctx, "")
	if err != nil || len(cats) == 0 || cats[0].Name != "spark_catalog" {
		t.Errorf("ListCatalogs = %+v, %v", cats, err)
	}
	if cur, err := cat.CurrentCatalog(ctx); err != nil || cur != "spark_catalog" {
		t.Errorf("CurrentCatalog = %q, %v", cur, err)
	}
	if err := cat.SetCurrentCatalog(ctx, "spark_catalog"); err != nil {
		t.Errorf("SetCurrentCatalog: %v", err)
	}
	var se *connect.SparkError
	if err := cat.SetCurrentCatalog(ctx, "no_such_catalog"); !errors.As(err, &se) || se.ErrorClass != "CATALOG_NOT_FOUND" {
		t.Errorf("SetCurrentCatalog(no_such_catalog) = %v", err)
	}

	dbs, err := cat.ListDatabases(ctx, "sparkgo_test_*")
	found := false
	for _, d := range dbs {
		if d.Name == db {
			found = d.Catalog == "spark_catalog" && d.Description == "sparkgo test database" && d.LocationURI != ""
		}
	}
	if err != nil || !found {
		t.Errorf("ListDatabases(sparkgo_test_*) = %+v, %v; want %s described", dbs, err, db)
	}
	all, err := cat.ListDatabases(ctx, "")
	if err != nil || len(all) < len(dbs) {
		t.Errorf("ListDatabases() = %d databases, %v", len(all), err)
	}
	if d, err := cat.GetDatabase(ctx, db); err != nil || d.Name != db || d.Description != "sparkgo test database" {
		t.Errorf("GetDatabase = %+v, %v", d, err)
	}
	for name, want := range map[string]bool{db: true, "default": true, "no_such_db": false} {
		if ok, err := cat.DatabaseExists(ctx, name); err != nil || ok != want {
			t.Errorf("DatabaseExists(%s) = %v, %v", name, ok, err)
		}
	}

	if cur, err := cat.CurrentDatabase(ctx); err != nil || cur != "default" {
		t.Errorf("CurrentDatabase = %q, %v; want default", cur, err)
	}
	if err := cat.SetCurrentDatabase(ctx, db); err != nil {
		t.Fatal(err)
	}
	if cur, err := cat.CurrentDatabase(ctx); err != nil || cur != db {
		t.Errorf("CurrentDatabase after SetCurrentDatabase = %q, %v", cur, err)
	}
	// Unqualified names now resolve in db.
	if err := s.Sql(ctx, "CREATE TABLE here (x INT) USING parquet").Err(); err != nil {
		t.Fatal(err)
	}
	if ok, err := cat.TableExists(ctx, db+".here"); err != nil || !ok {
		t.Errorf("a table created after SetCurrentDatabase is not in %s: %v, %v", db, ok, err)
	}
	if err := cat.SetCurrentDatabase(ctx, "no_such_db"); !errors.As(err, &se) || se.ErrorClass != "SCHEMA_NOT_FOUND" {
		t.Errorf("SetCurrentDatabase(no_such_db) = %v", err)
	}
	if err := cat.SetCurrentDatabase(ctx, "default"); err != nil {
		t.Fatal(err)
	}
}

func TestCatalogTables(t *testing.T) {
	s := session(t)
	cat := s.Catalog()
	db := testDatabase(t, s)

	if err := s.Sql(ctx, "CREATE TABLE "+db+`.commented (id INT COMMENT 'the id', name STRING COMMENT 'who', score DECIMAL(5,2), tags ARRAY<STRING>, part STRING)
		USING parquet PARTITIONED BY (part) COMMENT 'a table with comments'`).Err(); err != nil {
		t.Fatal(err)
	}
	cols, err := cat.ListColumns(ctx, db+".commented")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cols {
		got = append(got, fmt.Sprintf("%s|%s|%s|%v|%v|%v", c.Name, c.Description, c.DataType, c.Nullable, c.IsPartition, c.IsBucket))
	}
	want := []string{"id|the id|int|true|false|false", "name|who|string|true|false|false", "score||decimal(5,2)|true|false|false",
		"tags||array<string>|true|false|false", "part||string|true|true|false"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ListColumns =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Columns of a temporary view, with their nullability.
	vc, err := cat.ListColumns(ctx, "mtcars")
	if err != nil || len(vc) != 6 || vc[0].Name != "car" || vc[0].Nullable || vc[1].DataType != "decimal(3,1)" {
		t.Errorf("ListColumns(mtcars) = %+v, %v", vc, err)
	}

	// saveAsTable, then insertInto it.
	cars := carsOut(s)
	name := db + ".cars"
	if err := cars.Write().Format("parquet").SaveAsTable(ctx, name); err != nil {
		t.Fatal(err)
	}
	sameRows(t, s.Table(name), cars)
	if err := cars.Limit(2).Write().InsertInto(ctx, name, false); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Table(name).Count(ctx); err != nil || n != 34 {
		t.Errorf("rows after InsertInto = %d, %v; want 34", n, err)
	}
	if err := cars.Limit(3).Write().InsertInto(ctx, name, true); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Read().Table(name).Count(ctx); err != nil || n != 3 {
		t.Errorf("rows after InsertInto with overwrite = %d, %v; want 3", n, err)
	}
	var se *connect.SparkError
	if err := cars.Write().SaveAsTable(ctx, name); !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_ALREADY_EXISTS" {
		t.Errorf("SaveAsTable of an existing table = %v", err)
	}
	if err := cars.Write().Mode("append").SaveAsTable(ctx, name); err != nil {
		t.Fatal(err)
	}
	if err := cars.Write().Mode("ignore").SaveAsTable(ctx, name); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Table(name).Count(ctx); err != nil || n != 35 {
		t.Errorf("rows after append and ignore = %d, %v; want 35", n, err)
	}
	if err := cars.Write().Mode("overwrite").PartitionBy("cyl").SaveAsTable(ctx, db+".by_cyl"); err != nil {
		t.Fatal(err)
	}
	if err := cars.Write().BucketBy(4, "car").SortBy("mpg").SaveAsTable(ctx, db+".bucketed"); err != nil {
		t.Fatal(err)
	}
	if err := cars.Write().BucketBy(4, "car").Save(ctx, t.TempDir()); err == nil {
		t.Error("Save with BucketBy: no error")
	}
	if err := cars.Select("car").Write().InsertInto(ctx, db+".no_such_table", false); !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_NOT_FOUND" {
		t.Errorf("InsertInto a missing table = %v", err)
	}

	// Listing: the tables of db, and the session's temporary views.
	if err := s.Table("mtcars").CreateTempView(ctx, "cat_view", true); err != nil {
		t.Fatal(err)
	}
	tables, err := cat.ListTables(ctx, db, "")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]F.Table{}
	for _, tb := range tables {
		byName[tb.Name] = tb
	}
	tb := byName["cars"]
	if tb.Catalog != "spark_catalog" || strings.Join(tb.Namespace, ".") != db || tb.TableType != "MANAGED" || tb.IsTemporary {
		t.Errorf("ListTables entry for cars = %+v", tb)
	}
	if tb := byName["commented"]; tb.Description != "a table with comments" {
		t.Errorf("ListTables entry for commented = %+v", tb)
	}
	for _, n := range []string{"by_cyl", "bucketed", "mtcars"} {
		if _, ok := byName[n]; !ok {
			t.Errorf("ListTables(%s) misses %s: %+v", db, n, tables)
		}
	}
	if v := byName["cat_view"]; !v.IsTemporary || v.TableType != "TEMPORARY" || len(v.Namespace) != 0 {
		t.Errorf("ListTables entry for the temporary view = %+v", v)
	}
	some, err := cat.ListTables(ctx, db, "c*")
	if err != nil || len(some) != 3 { // cars, commented, cat_view
		t.Errorf("ListTables(%s, c*) = %+v, %v", db, some, err)
	}
	if got, err := cat.GetTable(ctx, name); err != nil || got.Name != "cars" || got.TableType != "MANAGED" {
		t.Errorf("GetTable = %+v, %v", got, err)
	}
	if _, err := cat.GetTable(ctx, db+".nope"); !errors.As(err, &se) || se.ErrorClass != "TABLE_OR_VIEW_NOT_FOUND" {
		t.Errorf("GetTable(nope) = %v", err)
	}
	bc, err := cat.ListColumns(ctx, db+".bucketed")
	if err != nil || len(bc) != 4 || !bc[0].IsBucket || bc[1].IsBucket {
		t.Errorf("ListColumns of the bucketed table = %+v, %v", bc, err)
	}
	for n, want := range map[string]bool{name: true, db + ".nope": false, "cat_view": true, "mtcars": true, "nope": false} {
		if ok, err := cat.TableExists(ctx, n); err != nil || ok != want {
			t.Errorf("TableExists(%s) = %v, %v; want %v", n, ok, err, want)
		}
	}

	// Caching.
	if ok, err := cat.IsCached(ctx, name); err != nil || ok {
		t.Errorf("IsCached before CacheTable = %v, %v", ok, err)
	}
	if err := cat.CacheTable(ctx, name, "MEMORY_ONLY"); err != nil {
		t.Fatal(err)
	}
	if err := cat.CacheTable(ctx, "cat_view", ""); err != nil {
		t.Fatal(err)
	}
	if ok, err := cat.IsCached(ctx, name); err != nil || !ok {
		t.Errorf("IsCached after CacheTable = %v, %v", ok, err)
	}
	if lvl, err := s.Table(name).StorageLevel(ctx); err != nil || lvl.String() != "MEMORY_ONLY" {
		t.Errorf("storage level of the cached table = %v, %v", lvl, err)
	}
	if err := cat.UncacheTable(ctx, name); err != nil {
		t.Fatal(err)
	}
	if ok, err := cat.IsCached(ctx, name); err != nil || ok {
		t.Errorf("IsCached after UncacheTable = %v, %v", ok, err)
	}
	if err := cat.ClearCache(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := cat.IsCached(ctx, "cat_view"); err != nil || ok {
		t.Errorf("IsCached after ClearCache = %v, %v", ok, err)
	}
	if err := cat.CacheTable(ctx, name, "SOMEWHERE"); err == nil {
		t.Error("CacheTable with an unknown level: no error")
	}
	if err := cat.RefreshTable(ctx, name); err != nil {
		t.Errorf("RefreshTable: %v", err)
	}

	// Dropping temporary views.
	if ok, err := cat.DropTempView(ctx, "cat_view"); err != nil || !ok {
		t.Errorf("DropTempView = %v, %v; want true", ok, err)
	}
	if ok, err := cat.DropTempView(ctx, "cat_view"); err != nil || ok {
		t.Errorf("DropTempView again = %v, %v; want false", ok, err)
	}
	if ok, _ := cat.TableExists(ctx, "cat_view"); ok {
		t.Error("the dropped view still exists")
	}
	if err := s.Table("mtcars").CreateGlobalTempView(ctx, "cat_global", true); err != nil {
		t.Fatal(err)
	}
	if ok, err := cat.DropGlobalTempView(ctx, "cat_global"); err != nil || !ok {
		t.Errorf("DropGlobalTempView = %v, %v", ok, err)
	}
}

func TestCatalogFunctions(t *testing.T) {
	s := session(t)
	cat := s.Catalog()
	fns, err := cat.ListFunctions(ctx, "", "array_c*")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range fns {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "array_compact,array_contains" {
		t.Errorf("ListFunctions(array_c*) = %v", names)
	}
	if len(fns) > 0 && (!fns[0].IsTemporary || fns[0].ClassName == "") {
		t.Errorf("built-in function entry = %+v", fns[0])
	}
	for n, want := range map[string]bool{"upper": true, "regexp_extract": true, "no_such_fn": false} {
		if ok, err := cat.FunctionExists(ctx, n); err != nil || ok != want {
			t.Errorf("FunctionExists(%s) = %v, %v", n, ok, err)
		}
	}
}
