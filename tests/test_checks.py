"""check(): stages, messages, warnings, hidden cases, delegation; the registry's contract with the notebooks."""

import sys
import warnings

import numpy as np
import pytest

import dlcore
from autograder import CheckFailed, DelegationDetected, StudentError, check, registry
from autograder.delegation import call_watching
from dlcore.optim import adam as dlcore_adam


def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    w = w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    return w, {"v": v, "s": s, "t": t}


def failure(name, fn, hidden=False):
    with pytest.raises(CheckFailed) as info:
        check(name, fn, hidden=hidden)
    return info.value


# ---------------------------------------------------------------- the registry
def test_registry_entries_are_consistent():
    """The registry is the syllabus (tests/test_notebooks.py holds the notebooks to it); here: its own invariants."""
    notebooks = [nb.id for nb in registry.notebooks()]
    assert notebooks == sorted(notebooks) and len(registry.names()) == len(set(registry.names()))
    assert [registry.get(n).notebook for n in registry.names()] == sorted(registry.get(n).notebook
                                                                          for n in registry.names())
    for name in registry.names():
        ex = registry.get(name)
        assert ex.notebook in notebooks and registry.names(ex.notebook).count(name) == 1
        assert registry.reference_for(name) is ex.reference and ex.reference.__name__ == name
        assert ex.points > 0 and ex.visible_points + ex.hidden_points == ex.points
    assert registry.get("adam").points == 3 and (registry.get("adam").visible_points,
                                                   registry.get("adam").hidden_points) == (1, 2)
    names = [e.name for e in registry.explorers()]
    assert len(names) == len(set(names)) and all(n.endswith("_explorer") for n in names)
    assert [e.name for e in registry.explorers("05_batch_norm")] == ["batchnorm_explorer"]


def test_forbidden_targets_resolve_to_functions():
    from autograder.delegation import resolve
    for name in registry.names():
        forbidden = registry.forbidden_for(name)
        assert forbidden, name
        for dotted in forbidden:
            assert callable(resolve(dotted)), dotted
    assert registry.forbidden_for("adam") == ["dlcore.optim.adam", "dlcore.optim.Optimizer.update"]
    assert registry.forbidden_for("buggy_parameter") == ["autograder.objectives.buggy_parameter"]


def test_unknown_exercise():
    with pytest.raises(ValueError, match="unknown exercise 'adamm'"):
        check("adamm", adam)


def test_hidden_cases_are_the_visible_ones_and_more():
    for name in registry.names():
        ex = registry.get(name)
        visible, hidden = ex.make_cases(), ex.make_cases(hidden=True)
        assert all(h is v for h, v in zip(hidden, visible)), name  # the same Case objects, by construction
        if name != "buggy_parameter":
            assert len(hidden) > len(visible), name


def test_bug_hunt_key_is_computed():
    from autograder import objectives
    for variant in range(3 * len(objectives.BUGS)):
        params, X, Y = objectives.bug_hunt_problem(variant)
        _, grads = objectives.buggy_cost_and_gradients(params, X, Y, variant)
        good = objectives.two_layer_gradients(params, X, Y)
        wrong = [k for k in good if not np.allclose(good[k], grads[k])]
        assert wrong == [objectives.BUGS[variant % len(objectives.BUGS)][0]] == [objectives.buggy_parameter(variant)]
    assert {key for key, _ in objectives.BUGS} == {"W1", "b1", "W2", "b2"}


def test_every_student_hunts_their_own_bug(monkeypatch, capsys):
    """The bug hunt's first case is the student's own variant (the grader's id, else this environment's), so one
    student's key is not another's; a fixed key fails."""
    from autograder import objectives
    ex = registry.get("buggy_parameter")
    students = [f"s{i:03d}" for i in range(40)]
    own = {s: ex.make_cases(student=s)[0].args["variant"] for s in students}
    assert len(set(own.values())) > 35 and len({objectives.buggy_parameter(v) for v in own.values()}) == 4
    assert all(objectives.student_variant(s) == own[s] for s in students)
    monkeypatch.setenv("COURSE_STUDENT_ID", "s007")
    assert ex.make_cases()[0].args["variant"] == own["s007"]

    answer = objectives.buggy_parameter(own["s007"])

    def hard_coded(variant):
        return answer

    with pytest.raises(CheckFailed) as info:  # right on s007's own case 1, wrong on another variant
        check("buggy_parameter", hard_coded, student="s007")
    assert info.value.case > 1 and info.value.mistake == "same_key_for_every_variant"
    other = next(s for s in students if objectives.buggy_parameter(own[s]) != answer)
    with pytest.raises(CheckFailed) as info:
        check("buggy_parameter", hard_coded, student=other)  # and wrong on another student's own case 1
    assert info.value.case == 1


# ---------------------------------------------------------------- passing
def test_pass_prints_one_line(capsys):
    assert check("adam", adam) is None
    check("adam", adam, hidden=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✓ adam: ") and lines[0].endswith("visible cases passed")
    assert lines[1].endswith("hidden cases passed")


def test_runtime_warning_is_not_an_error(capsys):
    def noisy_adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        with np.errstate(all="warn"):
            np.log(np.zeros(1))  # RuntimeWarning: divide by zero
        warnings.warn("just saying", RuntimeWarning, stacklevel=2)
        return adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # even where warnings are errors
        check("adam", noisy_adam)
    assert "✓ adam" in capsys.readouterr().out


def test_extra_keyword_with_default_and_list_for_tuple_are_accepted(capsys):
    def my_adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, verbose=False):
        return list(adam(w, dw, state, learning_rate, beta1, beta2, epsilon))

    check("adam", my_adam)


# ---------------------------------------------------------------- failing, stage by stage
def test_signature_stage():
    def renamed(w, dw, state, lr, beta1=0.9, beta2=0.999, epsilon=1e-8):
        return adam(w, dw, state, lr, beta1, beta2, epsilon)

    def no_default(w, dw, state, learning_rate, beta1, beta2=0.999, epsilon=1e-8):
        return adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

    def wrong_default(w, dw, state, learning_rate, beta1=0.8, beta2=0.999, epsilon=1e-8):
        return adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

    def extra_required(w, dw, state, learning_rate, t, beta1=0.9, beta2=0.999, epsilon=1e-8):
        return adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

    for fn, words in [(renamed, "'learning_rate', not 'lr'"), (no_default, "needs a default"),
                      (wrong_default, "should be 0.9"), (extra_required, "parameter 5 should be called 'beta1'"),
                      (None, "expected a function")]:
        exc = failure("adam", fn)
        assert exc.stage == "signature" and exc.case is None and words in str(exc), str(exc)


def test_a_function_default_crosses_the_sandbox_by_its_repr():
    """In the sandbox a default is described by its repr: a function default (linear_warmup's then=constant)
    must still match the reference's, and another function must not."""
    from autograder.checks import signature_problem
    from autograder.child_reports import signature_of
    from dlcore import schedules

    def described(default):
        proxy = lambda *args, **kwargs: None  # noqa: E731
        proxy.__signature__ = signature_of([
            {"name": n, "kind": "POSITIONAL_OR_KEYWORD", "default": d} for n, d in
            [("learning_rate0", None), ("epoch_num", None), ("warmup_epochs", "5"), ("then", default)]])
        return proxy

    assert signature_problem(schedules.linear_warmup, described(repr(schedules.constant))) is None
    problem = signature_problem(schedules.linear_warmup, described(repr(schedules.cosine_decay)))
    assert problem and "the default of 'then'" in problem


def test_runs_stage_reports_the_error():
    def broken(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        return w - learning_rate * state["m"]

    exc = failure("adam", broken)
    assert exc.stage == "runs" and exc.case == 1 and "KeyError: 'm'" in str(exc)

    def proxy_error(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        raise StudentError("ZeroDivisionError: division by zero (line 3)")

    exc = failure("adam", proxy_error)
    assert exc.stage == "runs" and "ZeroDivisionError: division by zero" in str(exc)


def test_structure_stage():
    exc = failure("adam", lambda w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8: w)
    assert exc.stage == "structure" and "expected a tuple of 2" in str(exc)

    def missing_key(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        new_w, new_state = adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
        del new_state["t"]
        return new_w, new_state

    exc = failure("adam", missing_key)
    assert exc.stage == "structure" and "missing ['t']" in str(exc)
    exc = failure("expected_initial_loss", lambda n_classes: str(np.log(n_classes)))
    assert exc.stage == "structure" and "expected a number" in str(exc)


def test_shape_stage_never_broadcasts():
    def transposed(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        new_w, new_state = adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
        return new_w.T, new_state

    exc = failure("adam", transposed)
    assert exc.stage == "shape" and "expected shape (3, 4); got (4, 3)" in str(exc)

    def keeps_a_row(Z):  # (1, m) would broadcast against (C, m) in np.allclose
        E = np.exp(Z - Z.max(axis=0, keepdims=True))
        return (E / E.sum(axis=0, keepdims=True))[:1]

    exc = failure("softmax", keeps_a_row)
    assert exc.stage == "shape"

    def as_ints(X, mu, sigma):
        return ((X - mu) / sigma).astype(int)

    exc = failure("standardize_apply", as_ints)
    assert exc.stage == "shape" and "floating-point" in str(exc)


def test_values_stage_message():
    def off(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        new_w, new_state = adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
        return new_w + 1e-3, new_state

    exc = failure("adam", off)
    text = str(exc)
    assert exc.stage == "values" and exc.mistake is None
    assert "case 1: w (3, 4), dw (3, 4), state {v (3, 4), s (3, 4), t=0}, learning_rate=0.01" in text
    assert "result[0]: 12 of 12 entries differ" in text and "expected" in text and "got" in text
    assert "known mistake" not in text


def test_multi_step_case_is_labelled():
    def late(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        new_w, new_state = adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
        return (new_w + 1e-3 if state["t"] == 1 else new_w), new_state

    exc = failure("adam", late)
    assert exc.case == 3 and "(step 2 of 3)" in str(exc) and "beta1=0.8" in str(exc) and "t=1" in str(exc)


def test_nan_is_a_failure():
    def nan_adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        new_w, new_state = adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
        new_w = new_w.copy()
        new_w[0, 0] = np.nan
        return new_w, new_state

    exc = failure("adam", nan_adam)
    assert exc.stage == "values" and "NaN or inf" in str(exc)


def test_softmax_overflow_is_named_on_the_large_logit_case():
    def naive(Z):
        E = np.exp(Z)
        return E / E.sum(axis=0, keepdims=True)

    exc = failure("softmax", naive)
    assert exc.case == 3 and exc.mistake == "overflow" and "Z.max(axis=0" in str(exc)


def test_mutation_stage():
    def in_place(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        new_w, new_state = adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
        w -= w - new_w
        return w.copy(), new_state

    exc = failure("adam", in_place)
    assert exc.stage == "mutation" and "changed its input w" in str(exc)

    def sorts_costs(costs, factor=3.0):
        result = bool(not np.isfinite(costs[-1]) or costs[-1] > factor * costs[0])
        costs.sort()
        return result

    assert failure("is_diverging", sorts_costs).stage == "mutation"


def test_model_mutation_is_seen(monkeypatch):
    def forgets_to_restore(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
        result = dlcore.gradcheck.gradient_check(model, X, Y, loss=loss, lambd=lambd, penalty=penalty,
                                                 epsilon=epsilon)
        model.layers[0].params["W"] = model.layers[0].params["W"] + 1.0
        return result

    monkeypatch.setattr(registry.get("gradient_check"), "forbidden", ())  # only the mutation counts here
    exc = failure("gradient_check", forgets_to_restore)
    assert exc.stage == "mutation" and "changed its input model" in str(exc)


def test_hidden_messages_say_hidden_and_show_no_source():
    def wrong(learning_rate0, epoch_num, decay_rate=1.0):
        return learning_rate0 / (1 + decay_rate * (epoch_num + 1))

    exc = failure("inverse_time_decay", wrong, hidden=True)
    text = str(exc)
    assert "hidden case 1: learning_rate0=" in text and "def " not in text and "_schedule_cases" not in text
    assert exc.mistake == "epoch_plus_one"


def test_seeded_functions_get_identical_generators():
    def dropout_forward(A, keep_prob, *, rng=None):
        D = np.random.default_rng(rng).random(A.shape) < keep_prob
        return A * D / keep_prob, D

    check("dropout_forward", dropout_forward)

    def assumes_a_generator(A, keep_prob, *, rng=None):  # the docstring allows an int seed too
        D = rng.random(A.shape) < keep_prob
        return A * D / keep_prob, D

    exc = failure("dropout_forward", assumes_a_generator)
    assert exc.stage == "runs" and "rng=" in str(exc) and "'int' object has no attribute 'random'" in str(exc)

    def unseeded(A, keep_prob, *, rng=None):
        return dropout_forward(A, keep_prob, rng=np.random.default_rng())

    assert failure("dropout_forward", unseeded).stage == "values"


def test_float_mask_is_accepted_for_a_boolean_one():
    def dropout_forward(A, keep_prob, *, rng=None):
        D = (np.random.default_rng(rng).random(A.shape) < keep_prob).astype(float)
        return A * D / keep_prob, D

    check("dropout_forward", dropout_forward)


# ---------------------------------------------------------------- delegation
def test_delegation_through_an_alias_scores_zero():
    def lazy(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        return dlcore_adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

    exc = failure("adam", lazy)
    assert exc.stage == "delegation" and "dlcore.optim.adam" in str(exc) and "scores 0" in str(exc)


def test_delegation_through_the_optimizer():
    def via_optimizer(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        opt = dlcore.Optimizer("gd")
        opt.update({"w": w}, {"w": dw}, {"w": state}, learning_rate)
        return adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

    assert "Optimizer.update" in str(failure("adam", via_optimizer))


def test_earlier_material_may_be_used():
    def gradient_check(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
        from dlcore.gradcheck import numerical_gradient, params_to_vector, relative_difference, vector_to_params
        from dlcore.model import compute_cost, cost_and_gradients
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
        return relative_difference(params_to_vector(grads), approx)

    check("gradient_check", gradient_check)


def test_call_watching_restores_the_profiler_and_passes_results():
    def profiler(frame, event, arg):
        pass

    sys.setprofile(profiler)
    try:
        assert call_watching(lambda a, b=1: a + b, (2,), {"b": 3}, ["dlcore.optim.adam"]) == 5
        assert sys.getprofile() is profiler
        with pytest.raises(DelegationDetected):
            call_watching(dlcore_adam, (np.ones(2), np.ones(2), dlcore.optim.init_state(np.ones(2)), 0.1), {},
                          ["dlcore.optim.adam"])
        assert sys.getprofile() is profiler
    finally:
        sys.setprofile(None)


def test_replacing_the_profiler_counts_as_delegation():
    def sneaky(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        sys.setprofile(None)
        return dlcore_adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

    exc = failure("adam", sneaky)
    assert exc.stage == "delegation" and "profiler" in str(exc)
    assert sys.getprofile() is None


def test_delegation_in_a_thread_is_caught():
    import threading

    def threaded(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        out = {}
        worker = threading.Thread(target=lambda: out.update(r=dlcore_adam(w, dw, state, learning_rate, beta1,
                                                                           beta2, epsilon)))
        worker.start()
        worker.join()
        return out["r"]

    assert failure("adam", threaded).stage == "delegation"


def test_import_needs_numpy_and_dlcore_only():
    import subprocess
    code = ("import sys, autograder; bad = [m for m in ('matplotlib', 'nbgrader', 'ipywidgets') if m in sys.modules];"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
