"""Small real servers for the diagnose tests and benchmarks, all on 127.0.0.1."""
