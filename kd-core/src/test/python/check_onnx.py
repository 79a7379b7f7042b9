#!/usr/bin/python3
"""Runs the onnx (1.12) checker, with full shape inference, on kd4j-exported ONNX files.

    /usr/bin/python3 kd-core/src/test/python/check_onnx.py file.onnx [...]
"""
import sys

import onnx


for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    outs = {o.name: [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]
            for o in inferred.graph.output}
    print("%s: ok (ir_version %d, opset %s, outputs %s, metadata %s)" % (
        path, model.ir_version, [(o.domain or "ai.onnx", o.version) for o in model.opset_import],
        outs, [p.key for p in model.metadata_props]))
