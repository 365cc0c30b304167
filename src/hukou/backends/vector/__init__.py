"""The vectorised evaluator: a batch of flat rows judged for every city at once, on columns.

Used by ``hukou batch --fast``: the verdict, the admitting channels, and for a row not admitted the
nearest channel, its conditions not met and the facts missing — what the explaining engine
(hukou.judging.engine, the reference) would write of each row. Needs numpy (``hukou-rules[batch]``).
"""
