"""The front ends: the command, renderings, comparison, batch files, the HTTP service and lint."""
