package io.github.kd4j.eeg.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaliencyCsvTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsValuesBandsAndOrder() throws IOException {
    Map<String, SaliencyMap> maps = new LinkedHashMap<>();
    FeatureLayout l = FeatureLayout.mahnobFeatures();
    maps.put("P2", SaliencyMap.fromGradient(l, SaliencyMapTest.randomGradient(1, 5, 128)));
    maps.put("P10", SaliencyMap.fromGradient(l, SaliencyMapTest.randomGradient(2, 5, 128)));
    maps.put("overall", SaliencyMap.mean(List.copyOf(maps.values())));
    Path f = dir.resolve("saliency.csv");
    SaliencyCsv.write(f, maps);
    List<String> lines = Files.readAllLines(f);
    assertEquals(1 + 3 * 128, lines.size());
    assertEquals(SaliencyCsv.HEADER, lines.get(0));
    assertTrue(lines.get(1).startsWith("P2,Fp1,band 1 (theta?),,,"), lines.get(1));
    assertEquals(maps, SaliencyCsv.read(f));
    assertEquals(List.of("P2", "P10", "overall"), List.copyOf(SaliencyCsv.read(f).keySet()));

    Map<String, SaliencyMap> spec =
        Map.of(
            "P1",
            SaliencyMap.fromGradient(
                FeatureLayout.spec(), SaliencyMapTest.randomGradient(3, 2, 192)));
    SaliencyCsv.write(f, spec);
    assertTrue(Files.readAllLines(f).get(1).startsWith("P1,Fp1,delta,0.3,4.0,"));
    assertEquals(spec, SaliencyCsv.read(f));
  }

  @Test
  void malformedFilesNameFileAndLine() throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "subject,channel,value\n", StandardCharsets.UTF_8);
    SaliencyFormatException header =
        assertThrows(SaliencyFormatException.class, () -> SaliencyCsv.read(f));
    assertTrue(
        header.getMessage().startsWith("bad.csv: line 1 must be the header"), header.getMessage());

    Files.writeString(
        f,
        SaliencyCsv.HEADER + "\nP1,Fp1,alpha,8,12,0.5\nP1,Fp2,alpha,8,12,NaN\n",
        StandardCharsets.UTF_8);
    SaliencyFormatException nan =
        assertThrows(SaliencyFormatException.class, () -> SaliencyCsv.read(f));
    assertTrue(
        nan.getMessage().contains("line 3: value must be finite, got NaN"), nan.getMessage());

    Files.writeString(
        f,
        SaliencyCsv.HEADER + "\nP1,Fp1,alpha,8,12,0.5\nP1,Fp1,alpha,8,12,0.7\n",
        StandardCharsets.UTF_8);
    SaliencyFormatException twice =
        assertThrows(SaliencyFormatException.class, () -> SaliencyCsv.read(f));
    assertTrue(twice.getMessage().contains("line 3 (subject P1)"), twice.getMessage());

    Files.writeString(
        f,
        SaliencyCsv.HEADER
            + "\nP1,Fp1,alpha,8,12,0.5\nP1,Fp2,alpha,8,12,0.7\nP1,Fp1,beta,12,30,0.1\n",
        StandardCharsets.UTF_8);
    SaliencyFormatException missing =
        assertThrows(SaliencyFormatException.class, () -> SaliencyCsv.read(f));
    assertTrue(
        missing
            .getMessage()
            .contains("subject P1 must have one row per channel and band (4), got 3"),
        missing.getMessage());

    Files.writeString(f, SaliencyCsv.HEADER + "\nP1,Fp1,alpha,8,x,0.5\n", StandardCharsets.UTF_8);
    assertThrows(SaliencyFormatException.class, () -> SaliencyCsv.read(f));
  }
}
