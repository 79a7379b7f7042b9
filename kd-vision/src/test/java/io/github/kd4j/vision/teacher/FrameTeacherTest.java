package io.github.kd4j.vision.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.distill.DistillationResult;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.distill.StepFeatures;
import io.github.kd4j.core.distill.StudentTemplate;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameTransform;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VisualTeacher} on frames through the tiny committed ONNX backbone. */
class FrameTeacherTest {
  static final int STEPS = 40;
  static final int EEG = 4;

  static Path backbone(String name) {
    try {
      return Path.of(
          FrameTeacherTest.class.getResource("/io/github/kd4j/vision/backbone/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Trials whose frames brighten a lower-face patch and darken an upper patch with valence, plus
   * pixel noise; EEG features carry valence weakly.
   */
  static List<PairedTrial> trials(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<PairedTrial> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] y = new float[STEPS];
      float[][] eeg = new float[STEPS][EEG];
      byte[][] frames = new byte[STEPS * 16][FrameSequence.FRAME_BYTES];
      double v = r.nextGaussian() * 0.3;
      for (int t = 0; t < STEPS; t++) {
        v = 0.9 * v + 0.15 * r.nextGaussian();
        y[t] = (float) v;
        for (int c = 0; c < EEG; c++) {
          eeg[t][c] = (float) (0.3 * v + 0.5 * r.nextGaussian());
        }
        for (int f = 0; f < 16; f++) {
          byte[] img = frames[t * 16 + f];
          for (int yy = 0; yy < 48; yy++) {
            for (int xx = 0; xx < 48; xx++) {
              double base = 110 + 10 * r.nextGaussian();
              if (yy > 28 && yy < 40 && xx > 12 && xx < 36) {
                base += 90 * v;
              } else if (yy > 8 && yy < 16) {
                base -= 60 * v;
              }
              for (int c = 0; c < 3; c++) {
                img[(yy * 48 + xx) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) base));
              }
            }
          }
        }
      }
      String id = "f" + i;
      out.add(PairedTrial.of(id, "s" + (i % 2), y, eeg, FrameSequence.of(id, frames)));
    }
    return out;
  }

  static final List<PairedTrial> DATA = trials(6, 21);

  static VisualTeacher teacher() {
    return VisualTeacher.builder()
        .onnxBackbone(backbone("tiny_backbone_40.onnx"))
        .channels(8, 8)
        .seed(3)
        .trainer(
            TrainerConfig.builder()
                .learningRate(3e-3)
                .minLearningRate(1e-5)
                .maxEpochs(3)
                .windows(new io.github.kd4j.core.data.WindowPlan(24, 8))
                .build())
        .build();
  }

  @Test
  void trainsOnFramesWithKnowledgeAt64HzAndExportsOneFile(@TempDir Path dir) throws Exception {
    VisualTeacher t = teacher();
    assertTrue(t.takesFrames());
    assertEquals(16, t.knowledgeRate());
    t.fit(DATA.subList(0, 4), DATA.subList(4, 6));
    assertTrue(t.isFitted());
    assertEquals(VisualTeacher.FRAME_ROLE, t.provenance().role());
    float[][] k = t.knowledge(DATA.get(0));
    assertEquals(STEPS * 16, k.length);
    assertEquals(8, k[0].length);
    // same seed, same teacher
    VisualTeacher again = teacher();
    again.fit(DATA.subList(0, 4), DATA.subList(4, 6));
    assertArrayEquals(t.predict(DATA.get(5)), again.predict(DATA.get(5)));

    // the joined ONNX file maps frames (eval views) to the Java teacher's outputs
    Path onnx = dir.resolve("teacher.onnx");
    t.exportOnnx(onnx, "frame teacher test");
    FrameSequence seq = (FrameSequence) DATA.get(5).visual();
    FrameTransform tr = FrameTransform.forInputSize(40);
    float[] x = tr.tensor(seq, tr.evalViews(seq));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[][] valence;
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor in =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, STEPS, 3, 40, 40});
        OrtSession.Result r = s.run(Map.of("frames", in))) {
      valence = (float[][]) r.get("valence").orElseThrow().getValue();
    }
    float[] java = t.predict(DATA.get(5));
    for (int i = 0; i < STEPS; i++) {
      assertEquals(java[i], valence[0][i], 1e-5, "step " + i);
    }
    // save and load with the backbone
    Path file = dir.resolve("teacher.kd4j");
    t.save(file);
    VisualTeacher back = VisualTeacher.load(file, backbone("tiny_backbone_40.onnx"));
    assertArrayEquals(java, back.predict(DATA.get(5)));
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> VisualTeacher.load(file));
    assertTrue(e.getMessage().contains("load(file, backbone)"), e.getMessage());
  }

  @Test
  void distillsFromAFrameTeacher() throws Exception {
    DistillationResult<SequenceRegressor> r =
        CrossModalDistiller.builder()
            .teacher(teacher())
            .student(
                StudentTemplate.regressor(
                    TcnConfig.builder().inputSize(EEG).channels(8, 8).build(),
                    true,
                    TrainerConfig.builder()
                        .learningRate(3e-3)
                        .minLearningRate(1e-5)
                        .maxEpochs(2)
                        .windows(new io.github.kd4j.core.data.WindowPlan(24, 8))
                        .build()))
            .kdWeights(1.0)
            .seed(5)
            .build()
            .fit(DATA.subList(0, 4), DATA.subList(4, 6));
    assertEquals(2, r.students().size());
    assertTrue(Double.isFinite(r.validation().get(1.0).ccc()));
  }

  @Test
  void framesAndFeaturesAreNotInterchangeable() {
    VisualTeacher t = teacher();
    PairedTrial features =
        PairedTrial.of(
            "x",
            "s",
            new float[STEPS],
            new float[STEPS][EEG],
            StepFeatures.of(new float[STEPS][3]));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.visualTrial(features));
    assertTrue(e.getMessage().contains("trial x") && e.getMessage().contains("frames"));
    IllegalArgumentException b =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                VisualTeacher.builder().onnxBackbone(backbone("tiny_backbone_gray.onnx")).build());
    assertTrue(b.getMessage().contains("tiny_backbone_gray.onnx"), b.getMessage());
  }
}
