"""Flask's hello world: the reference every page's speed is a ratio to
(tests/benchmarks/pages_per_second.py)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
