"""nbclient (what `jupyter nbconvert --execute` and papermill use) runs every
notebook of the project against the sparkgo kernel: no cell may fail, and
the notebook must show at least one HTML output (a table).

The notebooks are the .ipynb files in the directories listed in
$SPARKGO_TEST_NOTEBOOK_DIRS (the repository's testdata/notebooks and this
directory's notebooks/), run from their own directory.
"""

from __future__ import annotations

import glob
import os
import unittest

import nbformat
from nbclient import NotebookClient

from kernelharness import KERNEL_NAME


def notebook_paths() -> list[str]:
    dirs = os.environ.get("SPARKGO_TEST_NOTEBOOK_DIRS", "notebooks").split(os.pathsep)
    paths: list[str] = []
    for d in dirs:
        paths.extend(sorted(glob.glob(os.path.join(d, "*.ipynb"))))
    return paths


class NotebookTests(unittest.TestCase):
    def test_there_are_notebooks(self) -> None:
        self.assertTrue(notebook_paths(), "no notebooks found")

    def test_notebooks_run_without_errors(self) -> None:
        for path in notebook_paths():
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                client = NotebookClient(
                    nb,
                    kernel_name=KERNEL_NAME,
                    timeout=120,
                    startup_timeout=60,
                    allow_errors=True,  # to report every failing cell, not only the first
                    resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
                )
                client.execute()

                errors = []
                html = 0
                counts = []
                for i, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    counts.append(cell.execution_count)
                    for out in cell.outputs:
                        if out.output_type == "error":
                            errors.append(f"cell {i} ({cell.source[:60]!r}): {out.ename}: {out.evalue}")
                        if out.output_type == "stream" and out.name == "stderr" and "panic" in out.text:
                            errors.append(f"cell {i} ({cell.source[:60]!r}) wrote a panic to stderr: {out.text[:200]}")
                        if "text/html" in out.get("data", {}):
                            html += 1
                self.assertEqual(errors, [])
                self.assertGreaterEqual(html, 1, "no cell showed text/html")
                self.assertEqual(counts, list(range(1, len(counts) + 1)), "execution counts")
                nbformat.validate(nb)

    def test_smoke_notebook_outputs(self) -> None:
        """The outputs of this directory's smoke notebook, exactly."""
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notebooks", "smoke.ipynb")
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=120, startup_timeout=60).execute()
        code = [c for c in nb.cells if c.cell_type == "code"]
        greet = [o for o in code[0].outputs if o.output_type == "stream" and o.name == "stdout"]
        self.assertTrue(greet and greet[-1].text.endswith("hello from sparkgo\n"), code[0].outputs)
        (table,) = [o for o in code[1].outputs if o.output_type == "execute_result"]
        self.assertIn("<table", table.data["text/html"])
        (answer,) = [o for o in code[2].outputs if o.output_type == "execute_result"]
        self.assertIn("answer", answer.data["text/plain"])
        self.assertIn("42", answer.data["text/plain"])
        (md,) = code[3].outputs
        self.assertEqual(md.output_type, "display_data")
        self.assertEqual(md.data["text/markdown"], "**bold** text")
        (n,) = [o for o in code[4].outputs if o.output_type == "execute_result"]
        self.assertEqual(n.data["text/plain"], "10")
        self.assertEqual([o.output_type for o in code[4].outputs if o.output_type in ("stream", "error")], [])


if __name__ == "__main__":
    unittest.main()
