"""Regenerates jupyter.ipynb: a notebook executed and saved by Jupyter's own
libraries (nbclient with the ipykernel Python kernel, nbformat's writer), so
that the Go reader and writer are tested against real Jupyter output rather
than a hand-made imitation.

Run with the venv from scripts/ensure-jupyter.sh:
    $(bash scripts/ensure-jupyter.sh) kernel/notebook/testdata/make_jupyter.py
"""

import base64
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell



def tiny_png():
    """A 2x2 PNG (orange, Go blue, white, transparent), built here so the
    fixture holds a real image small enough to read in a diff."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"\0" + bytes([255, 138, 31, 255, 0, 173, 216, 255]) + b"\0" + bytes([255, 255, 255, 255, 0, 0, 0, 0])
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    return base64.b64encode(png).decode()


PNG = tiny_png()

cells = [
    new_markdown_cell(
        "# Sales report\n\nA table:\n\n| city | total |\n|---|---:|\n| Berlin | 1 |\n| Zürich | 2 |\n\n"
        "![dot](attachment:dot.png)",
        attachments={"dot.png": {"image/png": PNG}},
    ),
    new_code_cell("print('hello, world')\nprint('<a & b> 🚀')\nimport sys; print('warn', file=sys.stderr)"),
    new_code_cell(
        "from IPython.display import display, HTML, Markdown, Image, JSON\n"
        "h = display(HTML('<b>one</b>'), display_id='p')\n"
        "h.update(HTML('<b>two</b>'))\n"
        "display(Markdown('*md* output'))\n"
        "display(Image(data=__import__('base64').b64decode('" + PNG + "'), width=40))\n"
        "display(JSON({'b': [1, 2.5, {'z': None}], 'a': 'x'}))"
    ),
    new_code_cell("from IPython.display import clear_output\nprint('gone')\nclear_output(wait=True)\nprint('kept')"),
    new_code_cell("{'π': 3.14159, 'n': 10**20}"),
    new_code_cell(""),
    new_raw_cell("raw text\n  keeps spacing", metadata={"format": "text/plain"}),
    new_code_cell("1/0", metadata={"tags": ["raises-exception"], "collapsed": False}),
]
nb = new_notebook(cells=cells, metadata={"title": "Round trip", "custom": {"ratio": 1.0, "big": 12345678901234567890}})
# Stable ids, so that regenerating changes only what really changed.
for i, c in enumerate(nb.cells):
    c.id = "cell-%d" % i
NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=60).execute()
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jupyter.ipynb")
nbformat.write(nb, out)
print("wrote", out, file=sys.stderr)
