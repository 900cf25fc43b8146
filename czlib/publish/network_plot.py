"""A co-mention network a reader can read: no label on another, legends for node size and edge width.

Why this module exists: networkx draws every label centred on its node, so
in a dense network labels cover each other and hide nodes.  Here nodes are
laid out with a fixed seed and spread apart, then each label is placed, most
connected node first, at the first of a fixed list of positions around its
node (below, above, right, left, diagonals, then further out with a leader
line) where it overlaps no placed label, no node and stays inside the axes.
Everything is deterministic, so the figure is byte-identical run to run.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from . import palette

__all__ = ["plot_comention_network"]

# (dx, dy) directions tried for a label, in order; each ring is tried further out.
_DIRECTIONS = [(0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1)]
_RINGS = (1.0, 2.0, 3.2, 4.6)
_ALIGN = {-1: "right", 0: "center", 1: "left"}
_VALIGN = {-1: "top", 0: "center", 1: "bottom"}


def _spread(pos: dict, min_gap: float, rounds: int = 400) -> dict:
    """Push nodes apart until no two are closer than ``min_gap`` (in the unit square)."""
    names = sorted(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    for _ in range(rounds):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1]) + np.eye(len(xy))
        push = np.clip(min_gap - dist, 0, None) / dist / 2
        np.fill_diagonal(push, 0)
        if not push.any():
            break
        xy += (diff * push[..., None]).sum(axis=1)
    return dict(zip(names, xy))


def _normalise(pos: dict) -> dict:
    xy = np.array(list(pos.values()), dtype=float)
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    return {n: (np.asarray(p) - low) / span for n, p in pos.items()}


def _overlaps(box, boxes, pad: float) -> bool:
    return any(box.x0 < b.x1 + pad and box.x1 + pad > b.x0 and box.y0 < b.y1 + pad and box.y1 + pad > b.y0
               for b in boxes)


def _place_labels(ax, pos: dict, labels: Mapping[str, str], radii_px: Mapping[str, float], order: list,
                  fontsize: Callable[[str], float]) -> None:
    """Place each label around its node where it covers no other label or node (see module docstring)."""
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    node_boxes = {n: Bbox.from_extents(*(to_px(pos[n]) - radii_px[n]), *(to_px(pos[n]) + radii_px[n]))
                  for n in pos}
    axes_box = ax.get_window_extent(renderer)
    placed: list = []
    px_per_pt = fig.dpi / 72
    for name in order:
        others = [b for n, b in node_boxes.items() if n != name]
        best = None
        for ring in _RINGS:
            for dx, dy in _DIRECTIONS:
                gap = radii_px[name] / px_per_pt + 3
                offset = (dx * gap * ring, dy * gap * ring)
                text = ax.annotate(labels[name], pos[name], xytext=offset, textcoords="offset points",
                                   ha=_ALIGN[dx], va=_VALIGN[dy], fontsize=fontsize(name), linespacing=1.05,
                                   zorder=5, bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none",
                                                   "pad": 0.4})
                box = text.get_window_extent(renderer)
                inside = (box.x0 >= axes_box.x0 and box.x1 <= axes_box.x1 and box.y0 >= axes_box.y0
                          and box.y1 <= axes_box.y1)
                score = (not inside) * 2 + _overlaps(box, placed, 2) * 2 + _overlaps(box, others, 1)
                if best is None or score < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (score, text, box, ring)
                else:
                    text.remove()
                if score == 0:
                    break
            if best[0] == 0:
                break
        _, text, box, ring = best
        if ring > 1:
            centre = ax.transData.inverted().transform((box.x0 + box.width / 2, box.y0 + box.height / 2))
            ax.annotate("", pos[name], xytext=tuple(centre), textcoords="data", zorder=4,
                        arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.7, "linestyle": ":",
                                    "shrinkA": 0, "shrinkB": radii_px[name] / px_per_pt})
        placed.append(box)


def plot_comention_network(graph, kind_of_node: Mapping[str, str], english: Callable[[str], str], *,
                           title: str | None = None, seed: int = 7, figsize=(13, 11)):
    """Draw ``graph`` (weighted, undirected): node size = weighted degree, edge width = co-mentions,
    colour = actor kind, every label "name + English gloss"; return the Figure."""
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    n = graph.number_of_nodes()
    pos = nx.spring_layout(graph, seed=seed, k=3.5 / max(n, 1) ** 0.5, iterations=800, weight=None)
    pos = _spread(_normalise(pos), min_gap=0.11)
    pos = {k: tuple(v) for k, v in _normalise(pos).items()}
    degree = dict(graph.degree(weight="weight"))
    weights = [graph[u][v]["weight"] for u, v in graph.edges()]

    def node_size(d):
        return 60 + 16 * d

    def edge_width(w):
        return 0.4 + 0.8 * w

    fig, ax = plt.subplots(figsize=figsize)
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.09, 1.06)
    ax.set_axis_off()
    nodes = sorted(graph.nodes())
    nx.draw_networkx_edges(graph, pos, ax=ax, edgelist=sorted(graph.edges()), alpha=0.3, edge_color="#666666",
                           width=[edge_width(graph[u][v]["weight"]) for u, v in sorted(graph.edges())])
    colours = [palette.colour_for("actor kind", kind_of_node.get(v, "org")) for v in nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=nodes, node_color=colours,
                           node_size=[node_size(degree[v]) for v in nodes], alpha=0.85, linewidths=0.6,
                           edgecolors="white")
    px_per_pt = fig.dpi / 72
    radii = {v: np.sqrt(node_size(degree[v])) / 2 * px_per_pt for v in nodes}
    labels = {v: f"{v}\n{english(v)}" if english(v) else v for v in nodes}
    order = sorted(nodes, key=lambda v: (-degree[v], v))
    top = set(order[:10])
    fig.canvas.draw()
    _place_labels(ax, pos, labels, radii, order, lambda v: 8.5 if v in top else 7.5)

    kinds = [k for k in ("org", "person") if k in set(kind_of_node.get(v, "org") for v in nodes)]
    kind_handles = [Line2D([], [], marker="o", linestyle="none", markersize=9,
                           color=palette.colour_for("actor kind", k),
                           label={"org": "organisation", "person": "person"}[k]) for k in kinds]
    # figure-level legends below the axes (an axes' add_artist would clip them to the axes)
    below = {"loc": "upper left", "bbox_transform": ax.transAxes, "frameon": False, "fontsize": "small",
             "title_fontsize": "small"}
    fig.legend(handles=kind_handles, title="actor", bbox_to_anchor=(0.0, 0.0), **below)
    steps = sorted({int(min(degree.values())), int(np.median(list(degree.values()))), int(max(degree.values()))})
    size_handles = [Line2D([], [], marker="o", linestyle="none", color="#999999",
                           markersize=np.sqrt(node_size(d)), label=str(d)) for d in steps]
    fig.legend(handles=size_handles, title="node size: weighted degree among the actors drawn", bbox_to_anchor=(0.22, 0.0),
               ncols=len(size_handles), labelspacing=1.2, borderpad=0.8, columnspacing=1.6, **below)
    w_steps = sorted({int(min(weights)), int(np.median(weights)), int(max(weights))}) if weights else []
    width_handles = [Line2D([], [], color="#666666", alpha=0.6, linewidth=edge_width(w), label=str(w))
                     for w in w_steps]
    fig.legend(handles=width_handles, title="edge width: paragraphs naming both", bbox_to_anchor=(0.6, 0.0),
               ncols=max(len(width_handles), 1), handlelength=2.5, **below)
    if title:
        ax.set_title(title, loc="left")
    return fig
