"""Answers for 06_optimizers."""

import numpy as np

from . import valid, wrong
