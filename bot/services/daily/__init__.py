"""Daily question posts: schedule maths, question choice, settings and the exactly-once poster.

Nothing here imports discord: sending goes through the `Poster` protocol the
bot implements, and time comes from a clock passed in, so tests control both.
"""
