package io.knactor.examples.wordcount;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.sync.operator.Emitter;
import io.knactor.sync.operator.KeyedState;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.operator.UserOperator;
import io.knactor.sync.operator.UserOperatorProvider;
import java.util.Locale;
import java.util.Map;

/**
 * The two stages of the Invoker thesis's word count as Sync user operators: {@code split-words}
 * (stateless: a line to one record per word, keyed by the word) and {@code sum-words} (stateful:
 * the running count of each word, kept in keyed state, emitted as {@code {word, count}}).
 */
public final class WordCountOperators implements UserOperatorProvider {
  private static final FieldType STRING = FieldType.scalar(FieldType.Kind.STRING);

  @Override
  public Map<String, UserOperator> operators() {
    return Map.of("split-words", new Split(), "sum-words", new Sum());
  }

  /** The words of a line: lower case, split on anything but letters and digits. */
  public static String[] words(String text) {
    return text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+");
  }

  static final class Split implements UserOperator {
    @Override
    public void process(SyncRecord record, KeyedState state, Emitter out) {
      for (String word : words(record.value().path("text").asText(""))) {
        if (!word.isEmpty()) {
          ObjectNode value = Json.object();
          value.put("word", word);
          out.emit(new SyncRecord(word, record.time(), value));
        }
      }
    }

    @Override
    public FieldType outputType(FieldType input) {
      if (!input.fields().containsKey("text")) {
        throw new IllegalArgumentException("split-words reads a 'text' field");
      }
      return FieldType.objectWith(Map.of("word", new Field("word", STRING, false, 0)));
    }
  }

  static final class Sum implements UserOperator {
    @Override
    public void process(SyncRecord record, KeyedState state, Emitter out) {
      long count = state.get().map(c -> c.asLong()).orElse(0L) + 1;
      state.put(LongNode.valueOf(count));
      ObjectNode value = Json.object();
      value.put("word", record.key());
      value.put("count", count);
      out.emit(new SyncRecord(record.key(), record.time(), value));
    }

    @Override
    public FieldType outputType(FieldType input) {
      return FieldType.objectWith(
          Map.of(
              "word", new Field("word", STRING, false, 0),
              "count", new Field("count", FieldType.scalar(FieldType.Kind.INTEGER), false, 0)));
    }
  }
}
