"""Answers for 04_gradient_checking."""

from functools import partial

import numpy as np

from autograder import objectives
from dlcore.gradcheck import gradient_check_by_parameter, numerical_gradient, params_to_vector, vector_to_params
from dlcore.model import compute_cost, cost_and_gradients

from . import valid, wrong


# ---------------------------------------------------------------- params_to_vector
@valid("params_to_vector")
def params_to_vector__ok_1(params):
    return np.concatenate([np.reshape(params[k], -1) for k in params]).astype(float)


@valid("params_to_vector")
def params_to_vector__ok_2(params):
    out = []
    for value in params.values():
        out.extend(np.asarray(value, dtype=float).flatten().tolist())
    return np.array(out)


@wrong("params_to_vector", "fortran_order")
def params_to_vector__fortran_order_1(params):
    return np.concatenate([np.asarray(p).ravel(order="F") for p in params.values()])


@wrong("params_to_vector", "fortran_order")
def params_to_vector__fortran_order_2(params):
    return np.concatenate([np.asarray(p).T.ravel() for p in params.values()])


@wrong("params_to_vector", "fortran_order")
def params_to_vector__fortran_order_3(params):
    return np.hstack([np.asarray(p).flatten("F") for p in params.values()])


@wrong("params_to_vector", "sorted_keys")
def params_to_vector__sorted_keys_1(params):
    return np.concatenate([np.asarray(params[k]).ravel() for k in sorted(params)])


@wrong("params_to_vector", "sorted_keys")
def params_to_vector__sorted_keys_2(params):
    return np.concatenate([np.ravel(v) for _, v in sorted(params.items())])


@wrong("params_to_vector", "sorted_keys")
def params_to_vector__sorted_keys_3(params):
    keys = list(params.keys())
    keys.sort()
    return np.hstack([params[k].reshape(-1) for k in keys])


@wrong("params_to_vector", "column_vector")
def params_to_vector__column_vector_1(params):
    return np.concatenate([np.asarray(p).reshape(-1, 1) for p in params.values()])


@wrong("params_to_vector", "column_vector")
def params_to_vector__column_vector_2(params):
    return np.vstack([np.reshape(p, (-1, 1)) for p in params.values()])


@wrong("params_to_vector", "column_vector")
def params_to_vector__column_vector_3(params):
    return np.concatenate([np.ravel(p) for p in params.values()])[:, None]


@wrong("params_to_vector", "weights_only")
def params_to_vector__weights_only_1(params):
    return np.concatenate([np.asarray(p).ravel() for k, p in params.items() if k.startswith("W")])


@wrong("params_to_vector", "weights_only")
def params_to_vector__weights_only_2(params):
    return np.hstack([params[k].ravel() for k in params if k[0] == "W"])


@wrong("params_to_vector", "weights_only")
def params_to_vector__weights_only_3(params):
    return np.concatenate([v.flatten() for k, v in params.items() if not k.startswith(("b", "gamma", "beta"))])


# ---------------------------------------------------------------- vector_to_params
@valid("vector_to_params")
def vector_to_params__ok_1(theta, template):
    sizes = [np.size(v) for v in template.values()]
    pieces = np.split(np.asarray(theta), np.cumsum(sizes)[:-1])
    return {k: piece.reshape(np.shape(v)).copy() for (k, v), piece in zip(template.items(), pieces)}


@valid("vector_to_params")
def vector_to_params__ok_2(theta, template):
    out, i = {}, 0
    for key, value in template.items():
        shape = np.shape(value)
        n = int(np.prod(shape))
        out[key] = np.array(theta[i:i + n]).reshape(shape)
        i += n
    return out


@wrong("vector_to_params", "fortran_order")
def vector_to_params__fortran_order_1(theta, template):
    out, start = {}, 0
    for k, p in template.items():
        out[k] = theta[start:start + np.size(p)].reshape(np.shape(p), order="F").copy()
        start += np.size(p)
    return out


@wrong("vector_to_params", "fortran_order")
def vector_to_params__fortran_order_2(theta, template):
    out, start = {}, 0
    for k, p in template.items():
        rows, cols = np.shape(p)
        out[k] = theta[start:start + rows * cols].reshape(cols, rows).T.copy()
        start += rows * cols
    return out


@wrong("vector_to_params", "fortran_order")
def vector_to_params__fortran_order_3(theta, template):
    sizes = np.cumsum([np.size(p) for p in template.values()])[:-1]
    return {k: np.reshape(piece, np.shape(p), "F") for (k, p), piece in zip(template.items(), np.split(theta, sizes))}


@wrong("vector_to_params", "sorted_keys")
def vector_to_params__sorted_keys_1(theta, template):
    out, start = {}, 0
    for k in sorted(template):
        n = np.size(template[k])
        out[k] = theta[start:start + n].reshape(np.shape(template[k])).copy()
        start += n
    return out


@wrong("vector_to_params", "sorted_keys")
def vector_to_params__sorted_keys_2(theta, template):
    items = sorted(template.items())
    sizes = np.cumsum([np.size(v) for _, v in items])[:-1]
    pieces = np.split(theta, sizes)
    unordered = {k: p.reshape(np.shape(v)).copy() for (k, v), p in zip(items, pieces)}
    return {k: unordered[k] for k in template}


@wrong("vector_to_params", "sorted_keys")
def vector_to_params__sorted_keys_3(theta, template):
    result, offset = {}, 0
    for key in sorted(template.keys(), key=str):
        shape = template[key].shape
        result[key] = np.array(theta[offset:offset + template[key].size]).reshape(shape)
        offset += template[key].size
    return result


@wrong("vector_to_params", "returns_list")
def vector_to_params__returns_list_1(theta, template):
    out, start = [], 0
    for p in template.values():
        out.append(theta[start:start + np.size(p)].reshape(np.shape(p)).copy())
        start += np.size(p)
    return out


@wrong("vector_to_params", "returns_list")
def vector_to_params__returns_list_2(theta, template):
    sizes = np.cumsum([np.size(p) for p in template.values()])[:-1]
    return [piece.reshape(np.shape(p)) for p, piece in zip(template.values(), np.split(theta, sizes))]


@wrong("vector_to_params", "returns_list")
def vector_to_params__returns_list_3(theta, template):
    sizes = np.cumsum([np.size(p) for p in template.values()])[:-1]
    return tuple(piece.reshape(np.shape(p)) for p, piece in zip(template.values(), np.split(theta, sizes)))


# ---------------------------------------------------------------- numerical_gradient
@valid("numerical_gradient")
def numerical_gradient__ok_1(f, theta, epsilon=1e-7):
    theta = np.asarray(theta, dtype=float)
    grad = np.empty_like(theta)
    for i, e in enumerate(np.eye(theta.size)):
        grad[i] = (f(theta + epsilon * e) - f(theta - epsilon * e)) / (2 * epsilon)
    return grad


@valid("numerical_gradient")
def numerical_gradient__ok_2(f, theta, epsilon=1e-7):
    work = np.array(theta, dtype=float)
    grad = np.zeros(work.size)
    for i in range(work.size):
        old = work[i]
        work[i] = old + epsilon
        up = f(work.copy())
        work[i] = old - epsilon
        down = f(work.copy())
        work[i] = old
        grad[i] = (up - down) / (2 * epsilon)
    return grad


@wrong("numerical_gradient", "one_sided")
def numerical_gradient__one_sided_1(f, theta, epsilon=1e-7):
    base = f(theta)
    return np.array([(f(theta + epsilon * e) - base) / epsilon for e in np.eye(len(theta))])


@wrong("numerical_gradient", "one_sided")
def numerical_gradient__one_sided_2(f, theta, epsilon=1e-7):
    grad = np.zeros(len(theta))
    for i in range(len(theta)):
        minus = theta.astype(float).copy()
        minus[i] -= epsilon
        grad[i] = (f(theta) - f(minus)) / epsilon
    return grad


@wrong("numerical_gradient", "one_sided")
def numerical_gradient__one_sided_3(f, theta, epsilon=1e-7):
    grad = []
    for i in range(theta.size):
        plus = np.array(theta, dtype=float)
        plus[i] = plus[i] + epsilon
        grad.append((f(plus) - f(np.array(theta, dtype=float))) / epsilon)
    return np.array(grad)


@wrong("numerical_gradient", "over_epsilon")
def numerical_gradient__over_epsilon_1(f, theta, epsilon=1e-7):
    return np.array([(f(theta + epsilon * e) - f(theta - epsilon * e)) / epsilon for e in np.eye(len(theta))])


@wrong("numerical_gradient", "over_epsilon")
def numerical_gradient__over_epsilon_2(f, theta, epsilon=1e-7):
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        d = np.zeros(theta.size)
        d[i] = epsilon
        grad[i] = (f(theta + d) - f(theta - d)) / (2 * epsilon) * 2
    return grad


@wrong("numerical_gradient", "over_epsilon")
def numerical_gradient__over_epsilon_3(f, theta, epsilon=1e-7):
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        hi, lo = theta.astype(float).copy(), theta.astype(float).copy()
        hi[i] += epsilon
        lo[i] -= epsilon
        grad[i] = (f(hi) - f(lo)) / 2 / epsilon * 2
    return grad


@wrong("numerical_gradient", "precedence_slip")
def numerical_gradient__precedence_slip_1(f, theta, epsilon=1e-7):
    return np.array([f(theta + epsilon * e) - f(theta - epsilon * e) / (2 * epsilon) for e in np.eye(len(theta))])


@wrong("numerical_gradient", "precedence_slip")
def numerical_gradient__precedence_slip_2(f, theta, epsilon=1e-7):
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        plus, minus = theta.astype(float).copy(), theta.astype(float).copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        J_plus, J_minus = f(plus), f(minus)
        grad[i] = J_plus - J_minus / (2 * epsilon)
    return grad


@wrong("numerical_gradient", "precedence_slip")
def numerical_gradient__precedence_slip_3(f, theta, epsilon=1e-7):
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        d = np.zeros(theta.size)
        d[i] = epsilon
        grad[i] = f(theta + d) - f(theta - d) / 2 / epsilon
    return grad


@wrong("numerical_gradient", "not_restored")
def numerical_gradient__not_restored_1(f, theta, epsilon=1e-7):
    work, grad = theta.astype(float).copy(), np.zeros(len(theta))
    for i in range(len(theta)):
        work[i] += epsilon
        fp = f(work.copy())
        work[i] -= 2 * epsilon
        fm = f(work.copy())
        grad[i] = (fp - fm) / (2 * epsilon)
    return grad


@wrong("numerical_gradient", "not_restored")
def numerical_gradient__not_restored_2(f, theta, epsilon=1e-7):
    plus, minus = theta.astype(float).copy(), theta.astype(float).copy()
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
        minus[i] += 2 * epsilon  # "restored" the wrong way: minus now sits at +epsilon
    return grad if theta.size > 1 else grad


@wrong("numerical_gradient", "not_restored")
def numerical_gradient__not_restored_3(f, theta, epsilon=1e-7):
    x = np.array(theta, dtype=float)
    grad = np.zeros(x.size)
    for i in range(x.size):
        x[i] = x[i] + epsilon
        up = f(x.copy())
        x[i] = x[i] - 2 * epsilon
        grad[i] = (up - f(x.copy())) / (2 * epsilon)
    return grad


# ---------------------------------------------------------------- relative_difference
@valid("relative_difference")
def relative_difference__ok_1(grad, grad_approx, *, atol=1e-12):
    num = np.sqrt(np.sum((np.asarray(grad) - grad_approx) ** 2))
    den = np.sqrt(np.sum(np.square(grad))) + np.sqrt(np.sum(np.square(grad_approx)))
    return float(num) if den < atol else float(num / den)


@valid("relative_difference")
def relative_difference__ok_2(grad, grad_approx, *, atol=1e-12):
    g, a = np.ravel(grad), np.ravel(grad_approx)
    numerator = np.linalg.norm(g - a)
    denominator = np.linalg.norm(g) + np.linalg.norm(a)
    if denominator >= atol:
        return float(numerator / denominator)
    return float(numerator)


@wrong("relative_difference", "no_denominator")
def relative_difference__no_denominator_1(grad, grad_approx, *, atol=1e-12):
    return float(np.linalg.norm(grad - grad_approx))


@wrong("relative_difference", "no_denominator")
def relative_difference__no_denominator_2(grad, grad_approx, *, atol=1e-12):
    return float(np.sqrt(np.sum((grad - grad_approx) ** 2)))


@wrong("relative_difference", "no_denominator")
def relative_difference__no_denominator_3(grad, grad_approx, *, atol=1e-12):
    d = np.ravel(grad - grad_approx)
    return float(np.sqrt(d @ d))


@wrong("relative_difference", "grad_norm_only")
def relative_difference__grad_norm_only_1(grad, grad_approx, *, atol=1e-12):
    return float(np.linalg.norm(grad - grad_approx) / np.linalg.norm(grad))


@wrong("relative_difference", "grad_norm_only")
def relative_difference__grad_norm_only_2(grad, grad_approx, *, atol=1e-12):
    num, den = np.linalg.norm(grad - grad_approx), np.linalg.norm(grad)
    return float(num if den < atol else num / den)


@wrong("relative_difference", "grad_norm_only")
def relative_difference__grad_norm_only_3(grad, grad_approx, *, atol=1e-12):
    den = np.sqrt(np.sum(grad**2))
    return float(np.sqrt(np.sum((grad - grad_approx) ** 2)) / den) if den else 0.0


@wrong("relative_difference", "squared_norms")
def relative_difference__squared_norms_1(grad, grad_approx, *, atol=1e-12):
    d = np.sum((grad - grad_approx) ** 2)
    return float(d / (np.sum(grad**2) + np.sum(grad_approx**2)))


@wrong("relative_difference", "squared_norms")
def relative_difference__squared_norms_2(grad, grad_approx, *, atol=1e-12):
    numerator = np.linalg.norm(grad - grad_approx) ** 2  # the zero guard kept, the norms squared
    denominator = np.linalg.norm(grad) ** 2 + np.linalg.norm(grad_approx) ** 2
    return float(numerator if denominator < atol else numerator / denominator)


@wrong("relative_difference", "squared_norms")
def relative_difference__squared_norms_3(grad, grad_approx, *, atol=1e-12):
    g, a = np.ravel(grad), np.ravel(grad_approx)
    den = g @ g + a @ a
    return float((g - a) @ (g - a) / den) if den >= atol else float((g - a) @ (g - a))


@wrong("relative_difference", "no_zero_guard")
def relative_difference__no_zero_guard_1(grad, grad_approx, *, atol=1e-12):
    return float(np.linalg.norm(grad - grad_approx) / (np.linalg.norm(grad) + np.linalg.norm(grad_approx)))


@wrong("relative_difference", "no_zero_guard")
def relative_difference__no_zero_guard_2(grad, grad_approx, *, atol=1e-12):
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.divide(np.linalg.norm(grad - grad_approx), np.linalg.norm(grad) + np.linalg.norm(grad_approx)))


@wrong("relative_difference", "no_zero_guard")
def relative_difference__no_zero_guard_3(grad, grad_approx, *, atol=1e-12):
    num = np.sqrt(np.sum((grad - grad_approx) ** 2))
    den = np.sqrt(np.sum(grad**2)) + np.sqrt(np.sum(grad_approx**2))
    return float(np.float64(num) / np.float64(den))


@wrong("relative_difference", "guard_ignores_atol")
def relative_difference__guard_ignores_atol_1(grad, grad_approx, *, atol=1e-12):
    num = np.linalg.norm(grad - grad_approx)
    den = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    return float(num if den < 1e-12 else num / den)


@wrong("relative_difference", "guard_ignores_atol")
def relative_difference__guard_ignores_atol_2(grad, grad_approx, *, atol=1e-12):
    num = np.linalg.norm(grad - grad_approx)
    den = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    return float(num / den) if den != 0 else float(num)


@wrong("relative_difference", "guard_ignores_atol")
def relative_difference__guard_ignores_atol_3(grad, grad_approx, *, atol=1e-12):
    num = np.linalg.norm(grad - grad_approx)
    den = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    if den == 0.0:
        return 0.0 if num == 0 else float(num)
    return float(num / den)


# ---------------------------------------------------------------- gradient_check
def _check_with(model, X, Y, loss, lambd, penalty, epsilon, *, cost_lambd=None, training=True, two_sided=True,
                relative=True):
    original = {k: v.copy() for k, v in model.parameters().items()}
    saved = [{k: v.copy() for k, v in layer.state.items()} for layer in model.layers]
    _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
    template = {k: original[k] for k in grads}

    def J(theta):
        model.set_parameters(vector_to_params(theta, template))
        return compute_cost(model, X, Y, loss=loss, lambd=lambd if cost_lambd is None else cost_lambd,
                            penalty=penalty, training=training)

    theta = params_to_vector(template)
    if two_sided:
        approx = numerical_gradient(J, theta, epsilon)
    else:
        base = J(theta)
        approx = np.array([(J(theta + epsilon * e) - base) / epsilon for e in np.eye(theta.size)])
    model.set_parameters(original)
    for layer, state in zip(model.layers, saved):
        layer.state.update(state)
    g = params_to_vector(grads)
    diff = np.linalg.norm(g - approx)
    return float(diff / (np.linalg.norm(g) + np.linalg.norm(approx))) if relative else float(diff)


@valid("gradient_check")
def gradient_check__ok_1(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _check_with(model, X, Y, loss, lambd, penalty, epsilon)


@valid("gradient_check")
def gradient_check__ok_2(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    params = model.parameters()
    backup = {k: np.array(v) for k, v in params.items()}
    states = [dict((k, np.array(v)) for k, v in layer.state.items()) for layer in model.layers]
    _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
    keys = list(grads)
    approx = []
    for key in keys:
        for i in range(backup[key].size):
            values = []
            for sign in (1, -1):
                moved = backup[key].copy()
                moved.flat[i] += sign * epsilon
                model.set_parameters({**backup, key: moved})
                values.append(compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty, training=True))
            approx.append((values[0] - values[1]) / (2 * epsilon))
    model.set_parameters(backup)
    for layer, state in zip(model.layers, states):
        layer.state.update(state)
    g = np.concatenate([np.ravel(grads[k]) for k in keys])
    a = np.array(approx)
    return float(np.linalg.norm(g - a) / (np.linalg.norm(g) + np.linalg.norm(a)))


@wrong("gradient_check", "one_sided")
def gradient_check__one_sided_1(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _check_with(model, X, Y, loss, lambd, penalty, epsilon, two_sided=False)


@wrong("gradient_check", "one_sided")
def gradient_check__one_sided_2(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    backup = {k: v.copy() for k, v in model.parameters().items()}
    states = [{k: v.copy() for k, v in layer.state.items()} for layer in model.layers]
    _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
    base = compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty, training=True)
    approx = []
    for key in grads:
        for i in range(backup[key].size):
            moved = backup[key].copy()
            moved.flat[i] += epsilon
            model.set_parameters({**backup, key: moved})
            approx.append((compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty, training=True)
                           - base) / epsilon)
    model.set_parameters(backup)
    for layer, state in zip(model.layers, states):
        layer.state.update(state)
    g = params_to_vector(grads)
    a = np.array(approx)
    return float(np.linalg.norm(g - a) / (np.linalg.norm(g) + np.linalg.norm(a)))


@wrong("gradient_check", "one_sided")
def gradient_check__one_sided_3(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    original = {k: v.copy() for k, v in model.parameters().items()}
    saved = [{k: v.copy() for k, v in la.state.items()} for la in model.layers]
    _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
    template = {k: original[k] for k in grads}

    def J(theta):
        model.set_parameters(vector_to_params(theta, template))
        return compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty, training=True)

    theta = params_to_vector(template)
    approx = np.zeros(theta.size)
    for i in range(theta.size):
        minus = theta.copy()
        minus[i] -= epsilon
        approx[i] = (J(theta) - J(minus)) / epsilon
    model.set_parameters(original)
    for layer, state in zip(model.layers, saved):
        layer.state.update(state)
    g = params_to_vector(grads)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@wrong("gradient_check", "penalty_forgotten")
def gradient_check__penalty_forgotten_1(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _check_with(model, X, Y, loss, lambd, penalty, epsilon, cost_lambd=0.0)


@wrong("gradient_check", "penalty_forgotten")
def gradient_check__penalty_forgotten_2(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    original = {k: v.copy() for k, v in model.parameters().items()}
    saved = [{k: v.copy() for k, v in la.state.items()} for la in model.layers]
    _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
    template = {k: original[k] for k in grads}

    def J(theta):
        model.set_parameters(vector_to_params(theta, template))
        return compute_cost(model, X, Y, loss=loss, training=True)  # lambd and penalty not passed on

    approx = numerical_gradient(J, params_to_vector(template), epsilon)
    model.set_parameters(original)
    for layer, state in zip(model.layers, saved):
        layer.state.update(state)
    g = params_to_vector(grads)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@wrong("gradient_check", "penalty_forgotten")
def gradient_check__penalty_forgotten_3(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _check_with(model, X, Y, loss, lambd, penalty, epsilon, cost_lambd=lambd * 0)


@wrong("gradient_check", "epsilon_ignored")
def gradient_check__epsilon_ignored_1(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _check_with(model, X, Y, loss, lambd, penalty, 1e-7)


@wrong("gradient_check", "epsilon_ignored")
def gradient_check__epsilon_ignored_2(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    eps = 1e-7
    return _check_with(model, X, Y, loss, lambd, penalty, eps)


@wrong("gradient_check", "epsilon_ignored")
def gradient_check__epsilon_ignored_3(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return gradient_check__ok_2(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)


@wrong("gradient_check", "test_mode_cost")
def gradient_check__test_mode_cost_1(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _check_with(model, X, Y, loss, lambd, penalty, epsilon, training=False)


@wrong("gradient_check", "test_mode_cost")
def gradient_check__test_mode_cost_2(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    original = {k: v.copy() for k, v in model.parameters().items()}
    saved = [{k: v.copy() for k, v in la.state.items()} for la in model.layers]
    _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
    template = {k: original[k] for k in grads}

    def J(theta):
        model.set_parameters(vector_to_params(theta, template))
        return compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)  # the default: test mode

    approx = numerical_gradient(J, params_to_vector(template), epsilon)
    model.set_parameters(original)
    for layer, state in zip(model.layers, saved):
        layer.state.update(state)
    g = params_to_vector(grads)
    return float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))


@wrong("gradient_check", "test_mode_cost")
def gradient_check__test_mode_cost_3(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    mode = False
    return _check_with(model, X, Y, loss, lambd, penalty, epsilon, training=mode)


@wrong("gradient_check", "no_denominator")
def gradient_check__no_denominator_1(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _check_with(model, X, Y, loss, lambd, penalty, epsilon, relative=False)


@wrong("gradient_check", "no_denominator")
def gradient_check__no_denominator_2(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    rel = _check_with(model, X, Y, loss, lambd, penalty, epsilon)
    absolute = _check_with(model, X, Y, loss, lambd, penalty, epsilon, relative=False)
    return absolute if rel >= 0 else rel


@wrong("gradient_check", "no_denominator")
def gradient_check__no_denominator_3(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    original = {k: v.copy() for k, v in model.parameters().items()}
    saved = [{k: v.copy() for k, v in la.state.items()} for la in model.layers]
    _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
    template = {k: original[k] for k in grads}

    def J(theta):
        model.set_parameters(vector_to_params(theta, template))
        return compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty, training=True)

    approx = numerical_gradient(J, params_to_vector(template), epsilon)
    model.set_parameters(original)
    for layer, state in zip(model.layers, saved):
        layer.state.update(state)
    return float(np.sqrt(np.sum((params_to_vector(grads) - approx) ** 2)))


# ---------------------------------------------------------------- gradient_check_by_parameter
def _by_key(cost, grads, params, epsilon, *, one_sided=False, relative=True):
    out = {}
    for key in grads:
        shape = np.shape(params[key])
        theta = np.asarray(params[key], dtype=float).ravel()
        approx = np.zeros(theta.size)
        for i in range(theta.size):
            plus = theta.copy()
            plus[i] += epsilon
            if one_sided:
                approx[i] = (cost({**params, key: plus.reshape(shape)}) - cost(params)) / epsilon
            else:
                minus = theta.copy()
                minus[i] -= epsilon
                approx[i] = (cost({**params, key: plus.reshape(shape)}) -
                             cost({**params, key: minus.reshape(shape)})) / (2 * epsilon)
        g = np.ravel(grads[key])
        diff = np.linalg.norm(g - approx)
        out[key] = float(diff / (np.linalg.norm(g) + np.linalg.norm(approx))) if relative else float(diff)
    return out


@valid("gradient_check_by_parameter")
def gradient_check_by_parameter__ok_1(cost, grads, params, epsilon=1e-7):
    return _by_key(cost, grads, params, epsilon)


@valid("gradient_check_by_parameter")
def gradient_check_by_parameter__ok_2(cost, grads, params, epsilon=1e-7):
    result = {}
    for key, g in grads.items():
        def J(v, key=key):
            return cost({**params, key: v.reshape(np.shape(params[key]))})
        approx = numerical_gradient(J, np.ravel(params[key]).astype(float), epsilon)
        g = np.ravel(g)
        result[key] = float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))
    return result


@wrong("gradient_check_by_parameter", "one_sided")
def gradient_check_by_parameter__one_sided_1(cost, grads, params, epsilon=1e-7):
    return _by_key(cost, grads, params, epsilon, one_sided=True)


@wrong("gradient_check_by_parameter", "one_sided")
def gradient_check_by_parameter__one_sided_2(cost, grads, params, epsilon=1e-7):
    base = cost(params)
    result = {}
    for key in grads:
        approx = np.zeros(np.size(params[key]))
        for i in range(approx.size):
            moved = np.array(params[key], dtype=float)
            moved.flat[i] += epsilon
            approx[i] = (cost({**params, key: moved}) - base) / epsilon
        g = np.ravel(grads[key])
        result[key] = float(np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))
    return result


@wrong("gradient_check_by_parameter", "one_sided")
def gradient_check_by_parameter__one_sided_3(cost, grads, params, epsilon=1e-7):
    result = {}
    for key in grads:
        flat = np.ravel(params[key]).astype(float)
        approx = []
        for i in range(flat.size):
            moved = flat.copy()
            moved[i] += epsilon
            approx.append((cost(dict(params, **{key: moved.reshape(np.shape(params[key]))})) - cost(params))
                          / epsilon)
        g, a = np.ravel(grads[key]), np.array(approx)
        result[key] = float(np.linalg.norm(g - a) / (np.linalg.norm(g) + np.linalg.norm(a)))
    return result


@wrong("gradient_check_by_parameter", "absolute_difference")
def gradient_check_by_parameter__absolute_difference_1(cost, grads, params, epsilon=1e-7):
    return _by_key(cost, grads, params, epsilon, relative=False)


@wrong("gradient_check_by_parameter", "absolute_difference")
def gradient_check_by_parameter__absolute_difference_2(cost, grads, params, epsilon=1e-7):
    result = {}
    for key, g in grads.items():
        def J(v, key=key):
            return cost({**params, key: v.reshape(np.shape(params[key]))})
        approx = numerical_gradient(J, np.ravel(params[key]).astype(float), epsilon)
        result[key] = float(np.linalg.norm(np.ravel(g) - approx))
    return result


@wrong("gradient_check_by_parameter", "absolute_difference")
def gradient_check_by_parameter__absolute_difference_3(cost, grads, params, epsilon=1e-7):
    rel = _by_key(cost, grads, params, epsilon)
    absolute = _by_key(cost, grads, params, epsilon, relative=False)
    return {k: absolute[k] for k in rel}


@wrong("gradient_check_by_parameter", "returns_key")
def gradient_check_by_parameter__returns_key_1(cost, grads, params, epsilon=1e-7):
    diffs = _by_key(cost, grads, params, epsilon)
    return max(diffs, key=diffs.get)


@wrong("gradient_check_by_parameter", "returns_key")
def gradient_check_by_parameter__returns_key_2(cost, grads, params, epsilon=1e-7):
    diffs = _by_key(cost, grads, params, epsilon)
    return sorted(diffs.items(), key=lambda kv: kv[1])[-1][0]


@wrong("gradient_check_by_parameter", "returns_key")
def gradient_check_by_parameter__returns_key_3(cost, grads, params, epsilon=1e-7):
    diffs = gradient_check_by_parameter__ok_2(cost, grads, params, epsilon)
    keys = list(diffs)
    return keys[int(np.argmax([diffs[k] for k in keys]))]


@wrong("gradient_check_by_parameter", "epsilon_ignored")
def gradient_check_by_parameter__epsilon_ignored_1(cost, grads, params, epsilon=1e-7):
    return _by_key(cost, grads, params, 1e-7)


@wrong("gradient_check_by_parameter", "epsilon_ignored")
def gradient_check_by_parameter__epsilon_ignored_2(cost, grads, params, epsilon=1e-7):
    return gradient_check_by_parameter__ok_2(cost, grads, params)


@wrong("gradient_check_by_parameter", "epsilon_ignored")
def gradient_check_by_parameter__epsilon_ignored_3(cost, grads, params, epsilon=1e-7):
    step = 1e-7
    return _by_key(cost, grads, params, step)


# ---------------------------------------------------------------- buggy_parameter (a variant per student)
def _hunt_differences(variant):
    params, X, Y = objectives.bug_hunt_problem(variant)
    _, grads = objectives.buggy_cost_and_gradients(params, X, Y, variant)
    return gradient_check_by_parameter(partial(objectives.two_layer_cost, X=X, Y=Y), grads, params)


@valid("buggy_parameter")
def buggy_parameter__ok_1(variant):
    diffs = _hunt_differences(variant)
    return max(diffs, key=diffs.get)


@valid("buggy_parameter")
def buggy_parameter__ok_2(variant):
    params, X, Y = objectives.bug_hunt_problem(variant)
    _, grads = objectives.buggy_cost_and_gradients(params, X, Y, variant)
    diffs = _by_key(partial(objectives.two_layer_cost, X=X, Y=Y), grads, params, 1e-7)
    return sorted(diffs, key=diffs.get)[-1]


@valid("buggy_parameter")
def buggy_parameter__ok_3(variant):
    """Against the correct backward pass instead of a numerical one (what a careful reader may do)."""
    params, X, Y = objectives.bug_hunt_problem(variant)
    _, grads = objectives.buggy_cost_and_gradients(params, X, Y, variant)
    good = objectives.two_layer_gradients(params, X, Y)
    return max(good, key=lambda k: np.linalg.norm(good[k] - grads[k]) / np.linalg.norm(good[k] + grads[k]))


@wrong("buggy_parameter", "smallest_difference")
def buggy_parameter__smallest_difference_1(variant):
    diffs = _hunt_differences(variant)
    return min(diffs, key=diffs.get)


@wrong("buggy_parameter", "smallest_difference")
def buggy_parameter__smallest_difference_2(variant):
    diffs = _hunt_differences(variant)
    return sorted(diffs, key=diffs.get)[0]


@wrong("buggy_parameter", "smallest_difference")
def buggy_parameter__smallest_difference_3(variant):
    params, X, Y = objectives.bug_hunt_problem(variant)
    _, grads = objectives.buggy_cost_and_gradients(params, X, Y, variant)
    diffs = _by_key(partial(objectives.two_layer_cost, X=X, Y=Y), grads, params, 1e-7)
    keys = list(diffs)
    return keys[int(np.argmin([diffs[k] for k in keys]))]


@wrong("buggy_parameter", "returned_difference")
def buggy_parameter__returned_difference_1(variant):
    return max(_hunt_differences(variant).values())


@wrong("buggy_parameter", "returned_difference")
def buggy_parameter__returned_difference_2(variant):
    diffs = _hunt_differences(variant)
    return diffs[max(diffs, key=diffs.get)]


@wrong("buggy_parameter", "returned_difference")
def buggy_parameter__returned_difference_3(variant):
    return float(np.max(list(_hunt_differences(variant).values())))


@wrong("buggy_parameter", "same_key_for_every_variant")
def buggy_parameter__same_key_for_every_variant_1(variant):
    return "W2"  # the answer a classmate found for their own variant


@wrong("buggy_parameter", "same_key_for_every_variant")
def buggy_parameter__same_key_for_every_variant_2(variant):
    diffs = _hunt_differences(0)  # computed, but always for variant 0
    return max(diffs, key=diffs.get)


@wrong("buggy_parameter", "same_key_for_every_variant")
def buggy_parameter__same_key_for_every_variant_3(variant):
    own = objectives.student_variant()  # this environment's own variant, whatever is asked
    diffs = _hunt_differences(own)
    return "b1" if diffs else "W1"  # the differences were looked at once, then the answer typed in
