"""The actions of `manage.py migration`, one module each, each with
`run(*, engagement, options, out, err) -> int` returning the exit code."""
