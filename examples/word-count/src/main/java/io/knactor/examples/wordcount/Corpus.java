package io.knactor.examples.wordcount;

import java.util.Map;
import java.util.TreeMap;

/**
 * The input text: line {@code i} is a deterministic function of {@code i}, so runs can be checked.
 */
public final class Corpus {
  private static final String[] WORDS =
      ("to be or not that is the question whether tis nobler in mind suffer slings and arrows"
              + " of outrageous fortune take arms against a sea troubles by opposing end them die"
              + " sleep no more")
          .split(" ");

  private Corpus() {}

  /** Line {@code i}: three to twelve words. */
  public static String line(long i) {
    long h = i * 0x9E3779B97F4A7C15L;
    int n = 3 + (int) Math.floorMod(h >>> 7, 10L);
    StringBuilder out = new StringBuilder();
    for (int j = 0; j < n; j++) {
      h = h * 6364136223846793005L + 1442695040888963407L;
      if (j > 0) {
        out.append(j % 5 == 0 ? ", " : " ");
      }
      String word = WORDS[(int) Math.floorMod(h >>> 33, (long) WORDS.length)];
      out.append(j == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
    }
    return out.append('.').toString();
  }

  /** The exact word counts of lines {@code 0} to {@code lines - 1}. */
  public static Map<String, Long> expectedCounts(long lines) {
    Map<String, Long> out = new TreeMap<>();
    for (long i = 0; i < lines; i++) {
      for (String word : WordCountOperators.words(line(i))) {
        if (!word.isEmpty()) {
          out.merge(word, 1L, Long::sum);
        }
      }
    }
    return out;
  }
}
