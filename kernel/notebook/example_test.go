package notebook_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/sparkgo/sparkgo/display"
	"github.com/sparkgo/sparkgo/kernel"
	"github.com/sparkgo/sparkgo/kernel/notebook"
)

// echo is a toy Executor: it prints each cell's source in upper case and
// shows its length as the cell's value.
type echo struct{ count int }

func (e *echo) Execute(ctx context.Context, code string, out kernel.Output) (int, error) {
	e.count++
	out.Stream("stdout", strings.ToUpper(code)+"\n")
	out.Result(e.count, display.Bundle{Data: map[string]any{"text/plain": fmt.Sprint(len(code))}})
	return e.count, nil
}

// Running a notebook headlessly and saving the result.
func Example() {
	const doc = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {},
	 "cells": [
	  {"id": "intro", "cell_type": "markdown", "metadata": {}, "source": "# Demo"},
	  {"id": "hello", "cell_type": "code", "metadata": {}, "source": "hello", "outputs": [], "execution_count": null}
	 ]}`
	nb, err := notebook.Read(strings.NewReader(doc))
	if err != nil {
		log.Fatal(err)
	}
	if err := notebook.Run(context.Background(), nb, &echo{}, notebook.RunOptions{}); err != nil {
		log.Fatal(err)
	}
	if err := nb.Write(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {
	//  "cells": [
	//   {
	//    "cell_type": "markdown",
	//    "id": "intro",
	//    "metadata": {},
	//    "source": [
	//     "# Demo"
	//    ]
	//   },
	//   {
	//    "cell_type": "code",
	//    "execution_count": 1,
	//    "id": "hello",
	//    "metadata": {},
	//    "outputs": [
	//     {
	//      "name": "stdout",
	//      "output_type": "stream",
	//      "text": [
	//       "HELLO\n"
	//      ]
	//     },
	//     {
	//      "data": {
	//       "text/plain": [
	//        "5"
	//       ]
	//      },
	//      "execution_count": 1,
	//      "metadata": {},
	//      "output_type": "execute_result"
	//     }
	//    ],
	//    "source": [
	//     "hello"
	//    ]
	//   }
	//  ],
	//  "metadata": {},
	//  "nbformat": 4,
	//  "nbformat_minor": 5
	// }
}
