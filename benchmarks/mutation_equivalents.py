"""The mutation tool's judgements (benchmarks/mutation.py): the exercises it leaves out, and the mutants judged
equivalent to the solution, each with the reason no input the docstring allows can tell them apart."""

# Why a mutant cannot be told from the solution by any input its docstring allows (or by what the grader compares).
NUMPY_SCALAR = ("a numpy scalar instead of the Python one: np.float64 is a float, and the grader compares numpy "
                "integers and booleans as integers and booleans (the values are the same)")
ALREADY_ARRAY = "the argument is an array by the docstring; np.asarray(x) only converts, and returns x itself"
COPY = ("the result is a new array either way (a view of an array made inside the function): the values and the "
        "inputs are unchanged")
REBOUND = ("the backup keeps the original arrays because the model REPLACES its arrays (set_parameters and the "
           "batch-norm statistics rebind, never write in place), so the copy adds nothing")
BROADCAST = ("keepdims=False gives a (m,) row, which broadcasts over the columns of (C, m) exactly like the (1, m) "
             "one")
TIE_RANDOM = ("rng.random() returns one of 2**53 evenly spaced numbers in [0, 1); it equals keep_prob (or "
              "flip_prob) on no case short of a constructed generator, so < and <= draw the same mask")
SYMMETRIC = ("0.5 * (1 - tanh(Z / 2)) = sigmoid(-Z) = 1 - sigmoid(Z), and s * (1 - s) is symmetric in s and 1 - s")
CALLABLE_INIT = ("the branch for a callable init: the exercise's docstring offers the five names only, so no case "
                 "passes a function (a student's function could not cross the sandbox either)")
FACTOR_ONE = "at norm == max_norm the factor max_norm / norm is exactly 1: scaling by it changes nothing"
FLOOR_OF_FLOOR = "np.floor(a // b) == np.floor(a / b) for every epoch_num >= 0 and time_interval >= 1"
ZERO_D = ("a 0-d array instead of the float: the grader compares a number's value (as for numpy scalars), and the "
          "0-d array holds the same value")
NUMBER_OR_ARRAY = ("np.where, np.maximum and + take a Python or numpy number as well as an array, and an array "
                   "argument is already one: np.asarray only converts")
EMPTY_SLICE = ("a window with start == stop is empty on both sides: assigning it is a no-op (a window with "
               "stop < start, a shift beyond the picture, still goes through the guard)")
OVERFLOW_GUARD = ("the shift by the column's maximum only guards against overflow. The derivation's cases keep the "
                  "scores moderate, so that a student's own softmax (whose overflow its own exercise grades) can be "
                  "differentiated; there the shift changes nothing. The exercise's own hidden check has a "
                  "large-score case, and it kills this mutant (the exercise's row): the tool checks that it does")

# exercises the tool leaves out, and why
NOT_MUTATED = {"digits_classifier": "graded by a threshold on held-out accuracy, not by a formula: most changes to a "
                                    "training recipe (an epoch more, another width) still clear it, by design"}

# (exercise, mutant key) -> why it is equivalent
EQUIVALENT = {
    ('train_dev_test_split',
      'call dropped: Y = np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('train_dev_test_split',
      'call dropped: ratios = tuple(float(r) for r in ratios) :: float(r) -> r'):
        NUMPY_SCALAR,
    ('error_rate',
      'call dropped: return float(np.mean(Y_pred != Y)) :: float(np.mean(Y_pred != Y)) -> '
      'np.mean(Y_pred != Y)'):
        NUMPY_SCALAR,
    ('error_rate',
      'call dropped: Y_pred, Y = np.asarray(Y_pred), np.asarray(Y) :: np.asarray(Y_pred) -> Y_pred'):
        ALREADY_ARRAY,
    ('error_rate',
      'call dropped: Y_pred, Y = np.asarray(Y_pred), np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('iterations_per_epoch',
      'call dropped: return int(-(-int(m) // int(batch_size))) :: int(-(-int(m) // int(batch_size))) ->'
      ' -(-int(m) // int(batch_size))'):
        NUMPY_SCALAR,
    ('iterations_per_epoch',
      'call dropped: return int(-(-int(m) // int(batch_size))) :: int(batch_size) -> batch_size'):
        NUMPY_SCALAR,
    ('iterations_per_epoch',
      'call dropped: return int(-(-int(m) // int(batch_size))) :: int(m) -> m'):
        NUMPY_SCALAR,
    ('l2_penalty',
      'call dropped: return float(lambd / (2 * m) * total) :: float(lambd / (2 * m) * total) -> lambd /'
      ' (2 * m) * total'):
        NUMPY_SCALAR,
    ('l2_penalty',
      'statement deleted: W = np.asarray(W, dtype=float) :: W = np.asarray(W, dtype=float) -> (deleted)'):
        ALREADY_ARRAY,
    ('l1_penalty',
      'call dropped: return float(lambd / m * total) :: float(lambd / m * total) -> lambd / m * total'):
        NUMPY_SCALAR,
    ('l1_penalty',
      'call dropped: total = sum(float(np.sum(np.abs(np.asarray(W, dtype=float)))) for key, W in '
      'params.items() :: float(np.sum(np.abs(np.asarray(W, dtype=float)))) -> '
      'np.sum(np.abs(np.asarray(W, dtype=float)))'):
        NUMPY_SCALAR,
    ('dropout_forward',
      'comparison swap: D = rng.random(np.shape(A)) < keep_prob :: rng.random(np.shape(A)) < keep_prob '
      '-> rng.random(np.shape(A)) <= keep_prob'):
        TIE_RANDOM,
    ('augment',
      'comparison swap: flips = rng.random(m) < flip_prob :: rng.random(m) < flip_prob -> rng.random(m)'
      ' <= flip_prob'):
        TIE_RANDOM,
    ('augment',
      'call dropped: return out.reshape(m, h * w).T.copy() :: out.reshape(m, h * w).T.copy() -> '
      'out.reshape(m, h * w).T'):
        COPY,
    ('augment',
      'call dropped: dr, dc = int(shifts[i, 0]), int(shifts[i, 1]) :: int(shifts[i, 0]) -> shifts[i, 0]'):
        NUMPY_SCALAR,
    ('augment',
      'call dropped: dr, dc = int(shifts[i, 0]), int(shifts[i, 1]) :: int(shifts[i, 1]) -> shifts[i, 1]'):
        NUMPY_SCALAR,
    ('augment',
      'comparison swap: if rows_src.start < rows_src.stop and cols_src.start < cols_src.stop: :: '
      'rows_src.start < rows_src.stop -> rows_src.start <= rows_src.stop'):
        EMPTY_SLICE,
    ('augment',
      'comparison swap: if rows_src.start < rows_src.stop and cols_src.start < cols_src.stop: :: '
      'cols_src.start < cols_src.stop -> cols_src.start <= cols_src.stop'):
        EMPTY_SLICE,
    ('sigmoid_backward',
      'operator swap: s = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(Z, dtype=float))) :: 1.0 + np.tanh(0.5 '
      '* np.asarray(Z, dtype=float)) -> 1.0 - np.tanh(0.5 * np.asarray(Z, dtype=float))'):
        SYMMETRIC,
    ('relu_backward',
      'call dropped: return dA * (np.asarray(Z) > 0) :: np.asarray(Z) -> Z'):
        ALREADY_ARRAY,
    ('leaky_relu_backward',
      'call dropped: return dA * np.where(np.asarray(Z) > 0, 1.0, alpha) :: np.asarray(Z) -> Z'):
        ALREADY_ARRAY,
    ('initialize_parameters',
      'statement deleted: W = init(shape, rng, gain=gain) :: W = init(shape, rng, gain=gain) -> '
      '(deleted)'):
        CALLABLE_INIT,
    ('initialize_parameters',
      'call dropped: n_out, n_in = int(layer_dims[l]), int(layer_dims[l - 1]) :: int(layer_dims[l]) -> '
      'layer_dims[l]'):
        NUMPY_SCALAR,
    ('initialize_parameters',
      'call dropped: n_out, n_in = int(layer_dims[l]), int(layer_dims[l - 1]) :: int(layer_dims[l - 1])'
      ' -> layer_dims[l - 1]'):
        NUMPY_SCALAR,
    ('clip_by_norm',
      'comparison swap: factor = 1.0 if norm <= max_norm else float(max_norm / norm) :: norm <= '
      'max_norm -> norm < max_norm'):
        FACTOR_ONE,
    ('clip_by_norm',
      'call dropped: factor = 1.0 if norm <= max_norm else float(max_norm / norm) :: float(max_norm / '
      'norm) -> max_norm / norm'):
        NUMPY_SCALAR,
    ('clip_by_norm',
      'call dropped: return {k: np.asarray(g) * factor for k, g in grads.items()}  # a new array; '
      'float32 stays float32 :: np.asarray(g) -> g'):
        ALREADY_ARRAY,
    ('clip_by_norm',
      'call dropped: norm = np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values())) :: '
      'float(np.sum(np.square(g))) -> np.sum(np.square(g))'):
        NUMPY_SCALAR,
    ('vector_to_params',
      'call dropped: params[key] = theta[start:start + size].reshape(np.shape(p)).copy() :: '
      'theta[start:start + size].reshape(np.shape(p)).copy() -> theta[start:start + '
      'size].reshape(np.shape(p))'):
        COPY,
    ('relative_difference',
      'call dropped: return float(numerator if denominator < atol else numerator / denominator) :: '
      'float(numerator if denominator < atol else numerator / denominator) -> numerator if denominator '
      '< atol else numerator / denominator'):
        NUMPY_SCALAR,
    ('gradient_check',
      'call dropped: original = {k: v.copy() for k, v in model.parameters().items()} :: v.copy() -> v'):
        REBOUND,
    ('gradient_check',
      'call dropped: saved_state = [{k: v.copy() for k, v in layer.state.items()} for layer in '
      'model.layers] :: v.copy() -> v'):
        REBOUND,
    ('softmax',
      'constant: return E / E.sum(axis=0, keepdims=True) :: True -> False'):
        BROADCAST,
    ('softmax',
      'constant: E = np.exp(Z - Z.max(axis=0, keepdims=True)) :: True -> False'):
        BROADCAST,
    ('softmax_cross_entropy_backward',
      'constant: E = np.exp(Z - Z.max(axis=0, keepdims=True)) :: True -> False'):
        BROADCAST,
    ('softmax_cross_entropy_backward',
      'constant: return E / E.sum(axis=0, keepdims=True) - Y :: True -> False'):
        BROADCAST,
    ('random_mini_batches',
      'call dropped: Y = np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('staircase_decay',
      'operator swap: return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval)) ::'
      ' epoch_num / time_interval -> epoch_num // time_interval'):
        FLOOR_OF_FLOOR,
    ('random_search',
      'call dropped: trials.append({"params": params, "score": float(objective(**params))}) :: '
      'float(objective(**params)) -> objective(**params)'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = float(10 ** rng.uniform(np.log10(low), np.log10(high))) :: float(10'
      ' ** rng.uniform(np.log10(low), np.log10(high))) -> 10 ** rng.uniform(np.log10(low), '
      'np.log10(high))'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = float(1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low)))'
      ' :: float(1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low))) -> 1 - 10 ** '
      'rng.uniform(np.log10(1 - high), np.log10(1 - low))'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = float(rng.uniform(low, high)) :: float(rng.uniform(low, high)) -> '
      'rng.uniform(low, high)'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = int(rng.integers(low, high + 1)) :: int(rng.integers(low, high + '
      '1)) -> rng.integers(low, high + 1)'):
        NUMPY_SCALAR,
    ('is_diverging',
      'call dropped: return bool(not np.isfinite(last) or last > factor * costs[0]) :: bool(not '
      'np.isfinite(last) or last > factor * costs[0]) -> not np.isfinite(last) or last > factor * '
      'costs[0]'):
        NUMPY_SCALAR,
    ('expected_initial_loss',
      'call dropped: return float(np.log(n_classes)) :: float(np.log(n_classes)) -> np.log(n_classes)'):
        NUMPY_SCALAR,
    ('linear_warmup',
      'call dropped: epoch_num = np.asarray(epoch_num) :: np.asarray(epoch_num) -> epoch_num'):
        NUMBER_OR_ARRAY,
    ('linear_warmup',
      'call dropped: return rate if rate.ndim else float(rate) :: float(rate) -> rate'):
        ZERO_D,
    ('one_hot',
      'call dropped: y = np.asarray(Y).ravel() :: np.asarray(Y).ravel() -> np.asarray(Y)'):
        ("indexing out[y, np.arange(m)] with a (1, m) row of labels broadcasts to the same m entries as with a "
         "flat one, and y.max(), y.size and the comparisons do not care about the shape"),
    ('one_hot',
      'call dropped: C = int(y.max()) + 1 if C is None else int(C) :: int(C) -> C'):
        NUMPY_SCALAR,
    ('one_hot',
      'call dropped: y = np.asarray(Y).ravel() :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('one_hot',
      'call dropped: C = int(y.max()) + 1 if C is None else int(C) :: int(y.max()) -> y.max()'):
        NUMPY_SCALAR,
    ('labels',
      'call dropped: Y = np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
}

# derivation rows only: (exercise + " (derivation)", mutant key) -> why the derivation's cases cannot tell it, and
# which check does (the tool asserts that the exercise's own hidden check kills each of these)
LEFT_TO_THE_EXERCISE = {
    ("softmax_cross_entropy_backward (derivation)",
     f"{kind}: E = np.exp(Z - Z.max(axis=0, keepdims=True)) :: {change}"): OVERFLOW_GUARD
    for kind, change in [
        ("operator swap", "Z - Z.max(axis=0, keepdims=True) -> Z + Z.max(axis=0, keepdims=True)"),
        ("term dropped", "Z - Z.max(axis=0, keepdims=True) -> Z"),
        ("call swap", "Z.max(axis=0, keepdims=True) -> Z.min(axis=0, keepdims=True)"),
        ("axis changed", "Z.max(axis=0, keepdims=True) -> Z.max(axis=None, keepdims=True)")]}
