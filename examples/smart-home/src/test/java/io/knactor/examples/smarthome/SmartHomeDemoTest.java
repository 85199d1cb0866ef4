package io.knactor.examples.smarthome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's main, as bin/smart-home runs it, for two minutes of device time, without waiting. */
class SmartHomeDemoTest {
  @TempDir Path dir;

  @Test
  void demoRunsTheDevicesAndPrintsTheHouseStateAndHowToInspectIt() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      SmartHomeDemo.main(
          new String[] {
            "--minutes", "2", "--tick-ms", "1", "--port", "0", "--data-dir", dir.toString()
          });
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);

    assertThat(out)
        .contains("Smart home running: Knactor server at http://127.0.0.1:")
        .contains("objects on embedded:" + dir.toAbsolutePath().resolve("objects"))
        .contains("logs on embedded:" + dir.toAbsolutePath().resolve("logs"))
        .containsPattern("minute 1/2 \\(device time \\S+\\): bedroom (motion|still), brightness")
        .contains("minute 2/2")
        .contains("  Room/kitchen: {\"motion\":")
        .contains("The Motion sensors' configuration: {\"sensitivity\":0.6,\"applied\":0.6}");
    // Two closed minutes of three rooms.
    assertThat(
            out.lines().filter(l -> l.matches("  \\S+Z (hall|kitchen|bedroom) .* J = .* kWh .*")))
        .hasSize(6);
    assertThat(out)
        .contains("export KNACTOR_TOKEN=")
        .contains("bin/knactor get SmartHome/v1/House/house-1 Room")
        .contains("bin/knactor log read SmartHome/v1/House/house-1")
        .contains("Cast home (casts/home.yaml) and Sync home-readings (syncs/home.yaml) run by")
        .contains("bin/knactor get cast home")
        .contains("bin/knactor get sync home-readings")
        .contains("bin/knactor rollout history sync/home-readings");
  }

  @Test
  void aBadOptionIsNamedWithTheUsage() {
    assertThatThrownBy(() -> SmartHomeDemo.main(new String[] {"--minute", "3"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --minute (usage: SmartHomeDemo")
        .hasMessageContaining("[--objects URI] [--logs URI]");
  }

  @Test
  void aBackendUriWithoutSchemeIsRefusedNamingTheOption() {
    assertThatThrownBy(() -> SmartHomeDemo.main(new String[] {"--objects", "/var/lib/redis"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--objects");
  }
}
