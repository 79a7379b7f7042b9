package io.github.kd4j.examples.cli;

import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.core.onnx.TcnOnnxExporter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kd4j inspect}: a model file's metadata and provenance ({@link Provenance}), for {@code
 * .kd4j} files (role, network, standardisation, trainer settings) and ONNX exports (input and
 * feature widths, {@code metadata_props}). The provenance is printed in its text form, one {@code
 * key=value} a line.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Print a model file's metadata and provenance (.kd4j or .onnx).",
      "Role, network, trainer settings or ONNX metadata, then the provenance: library version, seed, data hash, trial counts, creation time and free entries (one key=value a line)."
    })
public final class InspectCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(InspectCommand.class);

  @Parameters(paramLabel = "MODEL", description = "A .kd4j model or an .onnx export.")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file + ": no such file");
    }
    LOG.debug("inspecting {} ({} bytes)", file, Files.size(file));
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    sb.append("file: ").append(file).append('\n');
    String provenance;
    if (name.endsWith(".onnx")) {
      try (OnnxModel m = OnnxModel.load(file, ExecutionTarget.CPU)) {
        sb.append("format: ONNX\n");
        sb.append("input: x [batch, time, ").append(m.inputWidth()).append("]\n");
        sb.append("outputs: valence [batch, time], features [batch, time, ")
            .append(m.featureWidth())
            .append("]\n");
        sb.append("metadata:\n");
        for (Map.Entry<String, String> e : m.metadata().entrySet()) {
          if (!e.getKey().equals(TcnOnnxExporter.KEY_PROVENANCE)) {
            sb.append("  ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
          }
        }
        provenance = m.metadata().get(TcnOnnxExporter.KEY_PROVENANCE);
        if (provenance == null) {
          throw new java.io.IOException(
              file + ": metadata must hold " + TcnOnnxExporter.KEY_PROVENANCE + ", got none");
        }
        try {
          Provenance.parse(provenance);
        } catch (IllegalArgumentException e) {
          throw new java.io.IOException(file + ": " + e.getMessage(), e);
        }
      }
    } else if (name.endsWith(".kd4j")) {
      SequenceRegressor m = SequenceRegressor.load(file);
      sb.append("format: kd4j model\n");
      sb.append("role: ").append(m.role()).append('\n');
      sb.append("network: ").append(m.config()).append('\n');
      sb.append("receptive field: ").append(m.config().receptiveField()).append(" steps\n");
      sb.append("input: [time, ")
          .append(m.inputSize())
          .append("], features: [time, ")
          .append(m.featureSize())
          .append("]\n");
      sb.append("standardized input: ").append(m.standardizes()).append('\n');
      sb.append("trainer:\n");
      for (Map.Entry<String, String> e : m.trainer().toMap().entrySet()) {
        sb.append("  ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
      }
      provenance = m.provenance().toText();
    } else {
      throw new IllegalArgumentException(
          "MODEL must be a .kd4j or .onnx file, got " + file.getFileName());
    }
    sb.append("provenance:\n");
    for (String line : provenance.split("\n")) {
      if (!line.isEmpty()) {
        sb.append("  ").append(line).append('\n');
      }
    }
    System.out.print(sb);
    return 0;
  }
}
