"""Three-dimensional geometry as pure NumPy: sphere lattices, decision regions on a sphere, exact
border polygons, great-circle arcs and spherical coordinates.

Conventions as in :mod:`softmaxviz.core`: ``W`` is ``(3, K)`` with the class weights ``w_k`` as
columns, points are ``(3,)`` or ``(3, N)`` with samples as columns, ``b`` is ``(K,)`` and

    z = W^T p + b,    z_k = ||w_k|| ||p|| cos(theta_k) + b_k.

The classes ``i`` and ``j`` tie on the plane ``(w_i - w_j)^T p + (b_i - b_j) = 0``; the plane is a
real border only where no third class beats the tie, so :func:`border_polygons` returns the convex
pieces where ``z_i = z_j >= z_k`` for all ``k``, clipped to a cube.

Angles are radians: the azimuth runs in (-pi, pi] from the x axis towards y, the elevation in
[-pi/2, pi/2] from the xy plane towards z. Degrees belong to the UI.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np

from softmaxviz.core import PARALLEL, ZERO_NORM, as_bias, logits, normalize_columns, safe_norms, softmax

__all__ = [
    "BorderPolygon",
    "SphereRegions",
    "border_polygons",
    "cartesian",
    "great_arc",
    "sphere_points",
    "sphere_regions",
    "spherical",
]

# pi (3 - sqrt 5): successive lattice points turn by the golden angle, so no two meridians line up.
_GOLDEN_ANGLE = np.pi * (3.0 - np.sqrt(5.0))

# A polygon thinner than this (area relative to the cube's face, or turn in radians) is rounding, not
# a border: three or more classes tie along a line or at a point there.
_AREA_TOL = 1e-12
_TURN_TOL = 1e-9
# Vertices closer than this (relative to half_size) are one vertex clipped twice.
_MERGE_TOL = 1e-10


# --- argument checks -----------------------------------------------------------------------------


def _count(n, minimum: int, name: str) -> int:
    n = operator.index(n)
    if n < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {n}")
    return n


def _positive(value, name: str) -> float:
    value = float(value)
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be finite and > 0, got {value}")
    return value


def _weights_3d(W) -> np.ndarray:
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != 3:
        raise ValueError(f"W must be (3, K), got shape {W.shape}")
    return W


def _vector_3d(v, name: str) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    if v.shape != (3,):
        raise ValueError(f"{name} must have shape (3,), got {v.shape}")
    return v


# --- the sphere ----------------------------------------------------------------------------------


def sphere_points(n: int) -> np.ndarray:
    """``n`` nearly uniform unit vectors on the Fibonacci (golden-spiral) lattice.

    Point ``i`` sits at height ``z_i = 1 - (2 i + 1) / n`` (the middle of the i-th of n bands of
    equal area) and azimuth ``i * pi (3 - sqrt 5)``. Deterministic: the same ``n`` gives the same
    points.

    Parameters
    ----------
    n : int
        Number of points, ``n >= 1``.

    Returns
    -------
    ndarray, shape (3, n)
        Unit columns, from the north pole (``z`` near 1) down to the south pole.
    """
    n = _count(n, 1, "n")
    i = np.arange(n)
    h = (2.0 * i + 1.0) / n
    # 1 - z^2 = h (2 - h) with z = 1 - h: no cancellation near the poles, where z^2 rounds to 1.
    r = np.sqrt(h * (2.0 - h))
    phi = i * _GOLDEN_ANGLE
    return np.stack([r * np.cos(phi), r * np.sin(phi), 1.0 - h])


@dataclass(frozen=True)
class SphereRegions:
    """Argmax class and its probability at lattice points of a sphere.

    ``points`` is (3, n); ``classes`` (n,) int and ``probabilities`` (n,) belong to its columns.
    """

    points: np.ndarray
    classes: np.ndarray
    probabilities: np.ndarray


def sphere_regions(W, b, radius: float, n: int, *, temperature: float = 1.0) -> SphereRegions:
    """Predicted class and its probability on the sphere ``||p|| = radius``.

    Parameters
    ----------
    W : array_like, shape (3, K)
    b : array_like, shape (K,) or None
    radius : float
        Sphere radius, ``> 0``. With biases the regions change with the radius: on the sphere
        ``z_k = radius ||w_k|| cos(theta_k) + b_k``.
    n : int
        Number of lattice points (see :func:`sphere_points`).
    temperature : float
        Softmax temperature ``T > 0``; it changes the probabilities, never the classes.

    Returns
    -------
    SphereRegions
        ``points = radius * sphere_points(n)``, ``classes = argmax_k z_k`` (ties go to the lower
        index) and ``probabilities = softmax(z / T)`` of that class, in [1/K, 1].
    """
    W = _weights_3d(W)
    radius = _positive(radius, "radius")
    P = radius * sphere_points(n)
    Z = logits(W, P, b)
    cls = np.argmax(Z, axis=0)
    top = np.take_along_axis(softmax(Z, temperature), cls[None, :], axis=0)[0]
    return SphereRegions(P, cls, top)


# --- border polygons -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BorderPolygon:
    """The convex piece of the border between classes ``i < j``: ``vertices`` (M, 3), M >= 3, in
    order around the polygon."""

    i: int
    j: int
    vertices: np.ndarray


def _plane_basis(normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Orthonormal ``u, v`` spanning the plane orthogonal to the unit ``normal``; ``u x v = normal``."""
    # The axis least aligned with the normal keeps the cross product far from zero.
    axis = np.zeros(3)
    axis[np.argmin(np.abs(normal))] = 1.0
    u = np.cross(normal, axis)
    u /= np.linalg.norm(u)
    return u, np.cross(normal, u)


def _clip(poly: np.ndarray, alpha: float, beta: float, gamma: float) -> np.ndarray:
    """One Sutherland-Hodgman step: the convex ``poly`` (M, 2) cut to ``alpha + beta s + gamma t >= 0``.

    Vertices stay in order; each edge contributes its start if inside and its crossing if it
    crosses, so the whole step is a mask over (M, 2) candidates.
    """
    f = alpha + poly @ np.array([beta, gamma])
    inside = f >= 0
    if inside.all() or not inside.any():
        return poly if inside.all() else poly[:0]
    nxt, f_nxt = np.roll(poly, -1, axis=0), np.roll(f, -1)
    crosses = inside != np.roll(inside, -1)
    # Where the edge crosses, f and f_nxt differ in sign, so f - f_nxt is not 0.
    frac = np.divide(f, f - f_nxt, out=np.zeros_like(f), where=crosses)
    crossing = poly + frac[:, None] * (nxt - poly)
    return np.stack([poly, crossing], axis=1)[np.stack([inside, crosses], axis=1)]


def _tidy(poly: np.ndarray, size: float) -> np.ndarray:
    """``poly`` without repeated vertices and without vertices on a straight edge."""
    if len(poly) < 3:
        return poly
    step = np.linalg.norm(poly - np.roll(poly, 1, axis=0), axis=1)
    poly = poly[step > _MERGE_TOL * size]
    if len(poly) < 3:
        return poly
    a = poly - np.roll(poly, 1, axis=0)
    c = np.roll(poly, -1, axis=0) - poly
    turn = a[:, 0] * c[:, 1] - a[:, 1] * c[:, 0]
    # |a x c| = |a| |c| sin(turn angle); removing straight-through vertices keeps the same convex set.
    return poly[np.abs(turn) > _TURN_TOL * np.linalg.norm(a, axis=1) * np.linalg.norm(c, axis=1)]


def _area(poly: np.ndarray) -> float:
    s, t = poly[:, 0], poly[:, 1]
    return 0.5 * abs(float(s @ np.roll(t, -1) - t @ np.roll(s, -1)))


def border_polygons(W, b, half_size: float) -> list[BorderPolygon]:
    """Pieces of the planes ``(w_i - w_j)^T p + (b_i - b_j) = 0`` that are real borders, in a cube.

    A point of the plane between ``i`` and ``j`` is a border only where ``z_i = z_j >= z_k`` for
    every other ``k``. Exact, no sampling: in an orthonormal basis ``(u, v)`` of the plane through
    its point ``p0`` nearest the origin, ``p = p0 + s u + t v`` and each condition
    ``z_i - z_k >= 0`` and each cube face ``|p_m| <= half_size`` is a half-plane
    ``alpha + beta s + gamma t >= 0``; a square that holds the cube's section is clipped by all of
    them (Sutherland-Hodgman).

    Parameters
    ----------
    W : array_like, shape (3, K)
    b : array_like, shape (K,) or None
    half_size : float
        The cube is ``[-half_size, half_size]^3``, ``half_size > 0``.

    Returns
    -------
    list of BorderPolygon
        Pairs ``i < j`` in order, at most one polygon each. Identical or parallel weight pairs
        (``w_i = w_j``: one class always wins or the two always tie), planes that miss the cube and
        pieces of zero area (where three classes tie along a line) contribute nothing.
    """
    W = _weights_3d(W)
    k = W.shape[1]
    b = as_bias(b, k)
    h = _positive(half_size, "half_size")
    # Scale so the arithmetic below stays finite for huge weights (|Ws|, |bs| < 2); the planes do
    # not change. A power of two divides exactly, so the differences below are those of the given
    # weights (as in core.region_borders).
    top = max(float(np.max(np.abs(W), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), 1e-300)
    scale = float(np.ldexp(1.0, np.frexp(top)[1] - 1))
    Ws, bs = W / scale, b / scale
    faces = [(h, -sign * axis) for axis in np.eye(3) for sign in (1.0, -1.0)]  # h - sign p_m >= 0
    out: list[BorderPolygon] = []
    for i in range(k):
        for j in range(i + 1, k):
            a, c = Ws[:, i] - Ws[:, j], bs[i] - bs[j]
            if not np.any(a):
                continue
            # ||a|| = a_max * a_rel. Dividing by a_max first gives even a tiny difference (below
            # ZERO_NORM, which normalize_columns treats as zero) a unit normal: its plane is real.
            a_max = float(np.max(np.abs(a)))
            a_rel = float(np.linalg.norm(a / a_max))
            normal = a / a_max / a_rel
            # The plane lies |c| / ||a|| from the origin; past the cube's corners it misses the cube.
            # Testing before dividing keeps p0 finite when ||a|| is tiny.
            if abs(c) > a_max * a_rel * h * np.sqrt(3.0):
                continue
            p0 = -(c / a_max / a_rel) * normal
            u, v = _plane_basis(normal)
            # The section lies within sqrt(3) h of the origin, so within 2 h + |p0| of p0.
            r = 2.0 * h + float(np.linalg.norm(p0))
            poly = np.array([[-r, -r], [r, -r], [r, r], [-r, r]])
            halves = [(off + n @ p0, n @ u, n @ v) for off, n in faces]
            hidden = False
            for m in range(k):
                if m in (i, j):
                    continue
                e = Ws[:, i] - Ws[:, m]
                # The biases' difference first: (e . p0 + b_i) - b_m would round e . p0 ~ 1e-16
                # away against biases of 1, though equal biases cancel exactly.
                alpha, beta, gamma = e @ p0 + (bs[i] - bs[m]), e @ u, e @ v
                # z_i - z_m is constant on the plane when e is parallel to its normal, judged
                # relative to |e| as in core.region_borders: rounding leaves e . u ~ 1e-17 |e|, and
                # clipping by that noise would cut the polygon along a random line.
                e_norm = float(np.hypot(np.hypot(e[0], e[1]), e[2]))  # no underflow for |e| ~ 1e-170
                if np.hypot(beta, gamma) <= PARALLEL * e_norm:
                    # m hides the whole piece only if it is ahead by more than rounding (three
                    # classes tying on one plane keep the border).
                    noise = e_norm * float(np.linalg.norm(p0)) + abs(bs[i] - bs[m])
                    if alpha < -PARALLEL * noise:
                        hidden = True
                        break
                    continue
                halves.append((alpha, beta, gamma))
            if hidden:
                continue
            for alpha, beta, gamma in halves:
                # A half-plane is unchanged by a positive factor; unit size keeps f well above underflow.
                big = max(abs(alpha) / h, abs(beta), abs(gamma))
                if big == 0:
                    continue  # 0 >= 0 everywhere: the plane lies on this face of the cube
                poly = _clip(poly, alpha / big, beta / big, gamma / big)
                if len(poly) == 0:
                    break
            poly = _tidy(poly, h)
            if len(poly) < 3 or _area(poly) <= _AREA_TOL * h * h:
                continue
            out.append(BorderPolygon(i, j, p0 + poly[:, :1] * u + poly[:, 1:] * v))
    return out


# --- arcs and spherical coordinates --------------------------------------------------------------


def great_arc(u, v, radius: float, n: int = 32) -> np.ndarray:
    """Points of the shorter great-circle arc from direction ``u`` to direction ``v`` (slerp).

    With ``theta`` the angle between the unit vectors ``u^, v^`` and ``w^`` the unit vector
    orthogonal to ``u^`` in their plane, point ``m`` is

        radius (cos(t_m theta) u^ + sin(t_m theta) w^),    t_m = m / (n - 1),

    which keeps every point at ``radius`` even where ``sin(theta)`` is tiny. For (anti)parallel
    ``u`` and ``v`` the plane is undefined and ``w^`` is any unit vector orthogonal to ``u^``.

    Parameters
    ----------
    u, v : array_like, shape (3,)
        Nonzero vectors; only their directions matter.
    radius : float
        ``> 0``.
    n : int
        Number of points, ``n >= 2``.

    Returns
    -------
    ndarray, shape (3, n)
        Column 0 is ``radius u^``, column ``n - 1`` is ``radius v^``; consecutive columns are
        ``theta / (n - 1)`` apart, ``theta`` in [0, pi].
    """
    u, v = _vector_3d(u, "u"), _vector_3d(v, "v")
    radius = _positive(radius, "radius")
    n = _count(n, 2, "n")
    for name, vec in (("u", u), ("v", v)):
        if safe_norms(vec) <= ZERO_NORM:
            raise ValueError(f"{name} is the zero vector: it has no direction")
    uh, vh = normalize_columns(u), normalize_columns(v)
    # Kahan's 2 atan2(|u - v|, |u + v|) stays accurate near 0 and pi, where arccos does not.
    theta = 2.0 * np.arctan2(np.linalg.norm(uh - vh), np.linalg.norm(uh + vh))
    w = vh - (uh @ vh) * uh
    w -= (uh @ w) * uh  # a second Gram-Schmidt pass: near theta = pi the first leaves w tilted
    w_norm = np.linalg.norm(w)
    if w_norm <= ZERO_NORM:
        # (Anti)parallel: every great circle through u^ passes v^; take one through the axis
        # least aligned with u^.
        axis = np.zeros(3)
        axis[np.argmin(np.abs(uh))] = 1.0
        w = axis - uh[np.argmin(np.abs(uh))] * uh
        w_norm = np.linalg.norm(w)
    wh = w / w_norm
    phi = np.linspace(0.0, theta, n)
    return radius * (np.cos(phi) * uh[:, None] + np.sin(phi) * wh[:, None])


def spherical(v):
    """Azimuth, elevation and length of ``v``.

    ``azimuth = atan2(y, x)`` in (-pi, pi], ``elevation = atan2(z, hypot(x, y))`` in
    [-pi/2, pi/2], ``length = ||v||``. The zero vector gives (0.0, 0.0, 0.0); on the z axis the
    azimuth is 0.

    Parameters
    ----------
    v : array_like, shape (3,) or (3, N)

    Returns
    -------
    (azimuth, elevation, length)
        Floats for one vector, arrays of shape (N,) for N columns.
    """
    v = np.asarray(v, dtype=float)
    if v.ndim not in (1, 2) or v.shape[0] != 3:
        raise ValueError(f"v must be (3,) or (3, N), got shape {v.shape}")
    # Adding +0.0 turns -0.0 into +0.0: atan2(-0.0, -1) would be -pi, outside (-pi, pi], and
    # atan2(0.0, -0.0) would give the zero vector an azimuth of pi.
    x, y, z = v + 0.0
    azimuth = np.arctan2(y, x)
    elevation = np.arctan2(z, np.hypot(x, y))
    length = safe_norms(v)
    if v.ndim == 1:
        return float(azimuth), float(elevation), float(length)
    return azimuth, elevation, length


def cartesian(azimuth, elevation, length) -> np.ndarray:
    """The vector with the given azimuth, elevation (radians) and length; inverse of :func:`spherical`.

    ``(length cos(el) cos(az), length cos(el) sin(az), length sin(el))``.

    Parameters
    ----------
    azimuth, elevation : float or array_like, shape (N,)
    length : float or array_like, shape (N,)
        ``>= 0``.

    Returns
    -------
    ndarray, shape (3,) for scalars, (3, N) for arrays.
    """
    az, el, length = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (azimuth, elevation, length)))
    if np.any(length < 0):
        raise ValueError("length must be >= 0")
    flat = length * np.cos(el)
    return np.stack([flat * np.cos(az), flat * np.sin(az), length * np.sin(el)])
