package display

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/sparkgo/sparkgo/connect"
)

// javaIndex returns the UTF-16 index of the byte offset off in s.
func javaIndex(s string, off int) int { return len(utf16.Encode([]rune(s[:off]))) }

func unresolvedColumn(sql string) *connect.SparkError {
	start := strings.Index(sql, "naem")
	return &connect.SparkError{
		ErrorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION",
		SQLState:   "42703",
		Message: "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `naem` cannot be resolved. " +
			"Did you mean one of the following? [`name`, `id`]. SQLSTATE: 42703; line 2 pos 7;\n'Project ['naem]\n+- SubqueryAlias people\n\n" +
			"== SQL (line 2, position 8) ==\nthis block is dropped\n",
		Parameters:     map[string]string{"objectName": "`naem`", "proposal": "[`name`, `id`]"},
		ExceptionClass: "org.apache.spark.sql.AnalysisException",
		QueryContexts: []connect.QueryContext{{
			Kind: "SQL", Start: javaIndex(sql, start), Stop: javaIndex(sql, start+len("naem")) - 1, Fragment: "naem",
		}},
		StackTrace: []connect.StackFrame{
			{Class: "org.apache.spark.sql.errors.QueryCompilationErrors$", Method: "unresolvedColumnError", File: "QueryCompilationErrors.scala", Line: 392},
			{Class: "org.apache.spark.sql.catalyst.analysis.CheckAnalysis", Method: "failUnresolvedAttribute", File: "CheckAnalysis.scala", Line: 143},
			{Class: "java.lang.Thread", Method: "run"},
		},
	}
}

func TestErrorUnicodeSQL(t *testing.T) {
	sql := "SELECT '😀 ünï 東京' AS s,\n\t\t🎉naem, <b>id</b>\nFROM people"
	se := unresolvedColumn(sql)
	if se.QueryContexts[0].Start == strings.Index(sql, "naem") {
		t.Fatal("test SQL does not exercise UTF-16 indexes")
	}
	b := Error(fmt.Errorf("query failed: %w", se), ErrorOptions{SQL: sql, MaxFrames: 2})
	goldenBundle(t, "error_unresolved", b)
	text := b.Text()
	for _, want := range []string{
		"UNRESOLVED_COLUMN.WITH_SUGGESTION (SQLSTATE 42703)\n",
		"A column, variable, or function parameter with name `naem` cannot be resolved.\n",
		"Hint: Did you mean one of the following? [`name`, `id`].\n",
		"== SQL (line 2, position 4) ==\n",
		"2 |   🎉naem, <b>id</b>\n  |     ^^^^\n",
		"'Project ['naem]\n+- SubqueryAlias people\n",
		"  … 1 more",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "dropped") {
		t.Errorf("text keeps Spark's own context block")
	}
	h := b.HTML()
	if !strings.Contains(h, "\t\t🎉<mark>naem</mark>, &lt;b&gt;id&lt;/b&gt;") {
		t.Errorf("HTML does not mark the fragment: %s", h)
	}
	if !strings.Contains(h, "<details><summary>Server stack trace (3 frames, org.apache.spark.sql.AnalysisException)</summary>") {
		t.Errorf("HTML lacks the collapsed stack trace")
	}
}

func TestUTF16Span(t *testing.T) {
	sql := "SELECT '𝄞' || x FROM t"
	// Java: '𝄞' is two code units, so x is at index 15.
	s, e, ok := utf16Span(sql, 15, 15)
	if !ok || sql[s:e] != "x" {
		t.Errorf("utf16Span(15, 15) = %q, %v; want \"x\"", sql[s:max(s, e)], ok)
	}
	if _, _, ok := utf16Span(sql, 9, 9); ok {
		t.Errorf("utf16Span inside a surrogate pair succeeded")
	}
	if _, _, ok := utf16Span(sql, 5, 100); ok {
		t.Errorf("utf16Span past the end succeeded")
	}
}

func TestErrorVariants(t *testing.T) {
	div := &connect.SparkError{
		ErrorClass: "DIVIDE_BY_ZERO", SQLState: "22012",
		Message: "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. " +
			"If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22012\n" +
			"== SQL (line 1, position 8) ==\nSELECT 1/0\n       ^^^\n",
		QueryContexts: []connect.QueryContext{{Kind: "SQL", Start: 7, Stop: 9, Fragment: "1/0",
			Summary: "== SQL (line 1, position 8) ==\nSELECT 1/0\n       ^^^"}},
		Cause: &connect.SparkError{ExceptionClass: "java.lang.ArithmeticException", Message: "/ by zero"},
	}
	b := Error(div, ErrorOptions{})
	goldenBundle(t, "error_divide", b)
	want := "DIVIDE_BY_ZERO (SQLSTATE 22012)\nDivision by zero.\n" +
		"Hint: Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.\n\n" +
		"== SQL (line 1, position 8) ==\nSELECT 1/0\n       ^^^\n" +
		"Caused by: java.lang.ArithmeticException: / by zero"
	if b.Text() != want {
		t.Errorf("Error(divide).Text() =\n%s\nwant\n%s", b.Text(), want)
	}

	b = Error(errors.New(`connect: <script>alert(1)</script>`), ErrorOptions{})
	if b.Text() != `connect: <script>alert(1)</script>` || strings.Contains(b.HTML(), "<script>") {
		t.Errorf("plain error: %q / %q", b.Text(), b.HTML())
	}
	if Error(nil, ErrorOptions{}).Text() != "" {
		t.Errorf("Error(nil) is not empty")
	}
}
