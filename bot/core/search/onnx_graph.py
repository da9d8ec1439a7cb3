"""all-MiniLM-L6-v2's encoder as an ONNX graph, written from the weights' shapes, for ONNX Runtime.

The weights ship as safetensors (minilm.py reads them); ONNX Runtime runs a graph, a protobuf
message (onnx.proto) naming each operation and its inputs. Exporting one from the original model
needs torch; the `onnx` package would only spell the same message. This module writes the message
itself: BERT's forward pass is a dozen operations a layer, so the graph is a few kilobytes. It
holds no weights: they are "external" initializers, handed to the session from memory
(SessionOptions.add_external_initializers), so nothing is written to disk and nothing can go stale.

Attention is the runtime's own fused operation (com.microsoft's Attention: the query-key-value
product, the heads and the softmax in one kernel, about 12% less time in all than written out as
MatMul, Split, Transpose and Softmax, and less than MultiHeadAttention after a separate product).
Between the attentions the token vectors are kept as one (tokens, 384) matrix rather than
(batch, tokens, 384): the runtime then fuses each product with its bias into one Gemm, where with
three dimensions it adds the bias in a pass of its own and fuses the residual into a
SkipLayerNormalization several times slower than Add and LayerNormalization apart (measured:
bulk embedding 20% more GFLOP/s in all, the same vectors).

The graph's inputs: `ids` (batch, tokens) int64; `positions` (tokens,) int64, 0..tokens-1; `mask`
(batch, tokens) int32, 1 for a token and 0 for padding (no attention to it); `weights`
(batch, tokens, 1) float32, 1/length for a token and 0 for padding. Its output `pooled`
(batch, 384) is the mean of the token vectors (sentence-transformers' pooling), not yet normalised.

tests/core/search/test_minilm.py checks the runtime's vectors against a plain numpy forward pass.
"""

from __future__ import annotations

import struct
from typing import Iterable, Mapping

import numpy as np

OPSET = 17  # LayerNormalization's first opset
IR_VERSION = 8  # the IR version of opset 17
_FLOAT, _INT32, _INT64, _FLOAT16 = 1, 6, 7, 10  # TensorProto.DataType
_CONTRIB = "com.microsoft"  # the runtime's own operations
CONTRIB_OPSET = 1
_ATTRIBUTE_FLOAT, _ATTRIBUTE_INT, _ATTRIBUTE_INTS = 1, 2, 7  # AttributeProto.AttributeType
_LAYER_NORM_EPS = 1e-12


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64s are written as their two's complement
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _bytes(field: int, value: bytes | str) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _tensor(name: str, array: np.ndarray) -> bytes:
    """A TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian)."""
    kind = _INT64 if array.dtype == np.int64 else _FLOAT
    dims = b"".join(_int(1, d) for d in array.shape)
    return dims + _int(2, kind) + _bytes(8, name) + _bytes(9, np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes())


def _external(name: str, array: np.ndarray) -> bytes:
    """A TensorProto shaped and typed as `array` whose data is elsewhere: external_data (13) names a
    location, data_location (14) = EXTERNAL. The session gets the data from
    SessionOptions.add_external_initializers."""
    kind = _FLOAT16 if array.dtype == np.float16 else _FLOAT
    location = _bytes(13, _bytes(1, "location") + _bytes(2, "memory"))
    return b"".join(_int(1, d) for d in array.shape) + _int(2, kind) + _bytes(8, name) + location + _int(14, 1)


def _value_info(name: str, kind: int, dims: Iterable[int | str]) -> bytes:
    """A ValueInfoProto: name (1), type (2) = TypeProto.tensor_type (1) of elem_type (1) and shape (2)."""
    shape = b"".join(_bytes(1, _int(1, d) if isinstance(d, int) else _bytes(2, d)) for d in dims)
    return _bytes(1, name) + _bytes(2, _bytes(1, _int(1, kind) + _bytes(2, shape)))


class _Graph:
    """The nodes and constants of a graph being written, each output named once."""

    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.constants: list[bytes] = []
        self._count = 0

    def op(self, op_type: str, *inputs: str, domain: str = "", **attributes: int | float | list[int]) -> str:
        """Add a node of one output; that output's name."""
        return self.ops(op_type, 1, *inputs, domain=domain, **attributes)[0]

    def ops(self, op_type: str, outputs: int, *inputs: str, domain: str = "", **attributes: int | float | list[int]) -> list[str]:
        """Add a node of `outputs` outputs; their names."""
        self._count += 1
        name = f"{op_type.lower()}{self._count}"
        names = [name] if outputs == 1 else [f"{name}_{n}" for n in range(outputs)]
        # NodeProto: input (1), output (2), name (3), op_type (4), attribute (5).
        node = b"".join(_bytes(1, i) for i in inputs) + b"".join(_bytes(2, n) for n in names) + _bytes(3, name) + _bytes(4, op_type)
        if domain:
            node += _bytes(7, domain)
        for key, value in attributes.items():
            # AttributeProto: name (1), f (2), i (3), ints (8), type (20).
            if isinstance(value, list):
                attribute = _bytes(1, key) + b"".join(_int(8, v) for v in value) + _int(20, _ATTRIBUTE_INTS)
            elif isinstance(value, float):
                attribute = _bytes(1, key) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _int(20, _ATTRIBUTE_FLOAT)
            else:
                attribute = _bytes(1, key) + _int(3, value) + _int(20, _ATTRIBUTE_INT)
            node += _bytes(5, attribute)
        self.nodes.append(node)
        return names

    def constant(self, name: str, array: np.ndarray) -> str:
        self.constants.append(_tensor(name, array))
        return name


def encoder_graph(weights: Mapping[str, np.ndarray], layers: int, heads: int) -> bytes:
    """The serialized ModelProto of the encoder whose initializers are named, shaped and typed as
    `weights` (minilm.py's names: `word`, `position`, `token_type`, `embed_norm_w`, ... `layer{i}.qkv`
    ...; the word table float16, every other float32). Only their shapes and types are read."""
    hidden = weights["word"].shape[1]
    g = _Graph()
    sqrt2, one, half = g.constant("sqrt2", np.float32(np.sqrt(2))), g.constant("one", np.float32(1)), g.constant("half", np.float32(0.5))
    token_axis = g.constant("token_axis", np.array([1], dtype=np.int64))
    # Reshapes between (batch, tokens, 384) and (batch * tokens, 384) copy nothing.
    flat = g.constant("flat", np.array([-1, hidden], dtype=np.int64))
    batched = g.op("Concat", g.op("Shape", "ids"), g.constant("hidden", np.array([hidden], dtype=np.int64)), axis=0)
    words = g.op("Cast", g.op("Gather", "word", "ids"), to=_FLOAT)  # the table is float16: half the memory
    embedded = g.op("Add", g.op("Add", words, g.op("Gather", "position", "positions")), "token_type")
    h = g.op("Reshape", g.op("LayerNormalization", embedded, "embed_norm_w", "embed_norm_b", axis=-1, epsilon=_LAYER_NORM_EPS), flat)
    for i in range(layers):
        p = f"layer{i}."
        # Attention in one fused operation of the runtime's (its com.microsoft domain): the query,
        # key and value product, the heads, the softmax over the tokens that are not padding.
        # scale=1: the query's 1/sqrt(32) is in its weights already.
        context = g.op("Attention", g.op("Reshape", h, batched), p + "qkv", p + "qkv_b", "mask", domain=_CONTRIB, num_heads=heads, scale=1.0)
        attended = g.op("Add", h, g.op("Add", g.op("MatMul", g.op("Reshape", context, flat), p + "out"), p + "out_b"))
        h = g.op("LayerNormalization", attended, p + "norm1_w", p + "norm1_b", axis=-1, epsilon=_LAYER_NORM_EPS)
        inner = g.op("Add", g.op("MatMul", h, p + "in"), p + "in_b")
        # BERT's exact GELU, x * (1 + erf(x / sqrt 2)) / 2, in the form ONNX Runtime fuses into one operation.
        gelu = g.op("Mul", g.op("Mul", inner, g.op("Add", g.op("Erf", g.op("Div", inner, sqrt2)), one)), half)
        out = g.op("Add", h, g.op("Add", g.op("MatMul", gelu, p + "ff"), p + "ff_b"))
        h = g.op("LayerNormalization", out, p + "norm2_w", p + "norm2_b", axis=-1, epsilon=_LAYER_NORM_EPS)
    pooled = g.op("ReduceSum", g.op("Mul", g.op("Reshape", h, batched), "weights"), token_axis, keepdims=0)
    inputs = [
        _value_info("ids", _INT64, ("batch", "tokens")),
        _value_info("positions", _INT64, ("tokens",)),
        _value_info("mask", _INT32, ("batch", "tokens")),
        _value_info("weights", _FLOAT, ("batch", "tokens", 1)),
    ]
    # The weights: initializers whose data is "external", which the session is given from memory.
    external = [_external(name, array) for name, array in weights.items()]
    graph = (
        b"".join(_bytes(1, n) for n in g.nodes) + _bytes(2, "all-MiniLM-L6-v2")
        + b"".join(_bytes(5, c) for c in [*g.constants, *external])
        + b"".join(_bytes(11, i) for i in inputs)
        + _bytes(12, _value_info(pooled, _FLOAT, ("batch", hidden)))
    )  # fmt: skip
    # ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8: domain "", version).
    opsets = _bytes(8, _int(2, OPSET)) + _bytes(8, _bytes(1, _CONTRIB) + _int(2, CONTRIB_OPSET))
    return _int(1, IR_VERSION) + _bytes(2, "podcast-segment-bot") + _bytes(7, graph) + opsets

