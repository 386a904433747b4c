"""Property tests run under a derandomized hypothesis profile: the same examples on every
run and machine (a failure found once is found again), bounded in number to keep the
folder's run time reasonable."""

from hypothesis import settings

settings.register_profile("maillage", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("maillage")
