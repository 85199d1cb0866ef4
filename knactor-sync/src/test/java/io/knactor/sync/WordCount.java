package io.knactor.sync;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.knactor.core.json.Json;
import io.knactor.core.schema.Field;
import io.knactor.core.schema.FieldType;
import io.knactor.sync.operator.SyncRecord;
import io.knactor.sync.operator.UserOperator;
import io.knactor.sync.operator.UserOperatorProvider;
import java.util.Map;

/**
 * The Invoker thesis's word count as user operators: {@code split-words} (stateless) and {@code
 * count-words} (keyed state). Registered for ServiceLoader in the test resources.
 */
public final class WordCount implements UserOperatorProvider {
  @Override
  public Map<String, UserOperator> operators() {
    return Map.of("split-words", new Split(), "count-words", new Count());
  }

  /** Emits one record per word of {@code text}, keyed by the word. */
  public static final class Split implements UserOperator {
    @Override
    public void process(
        SyncRecord record,
        io.knactor.sync.operator.KeyedState state,
        io.knactor.sync.operator.Emitter out) {
      String text = record.value().path("text").asText("");
      for (String word : text.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
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
        throw new IllegalArgumentException("needs a 'text' field");
      }
      return FieldType.objectWith(
          Map.of("word", new Field("word", FieldType.scalar(FieldType.Kind.STRING), false, 0)));
    }
  }

  /** Counts records per key and emits the running count; refuses the word "boom". */
  public static final class Count implements UserOperator {
    @Override
    public void process(
        SyncRecord record,
        io.knactor.sync.operator.KeyedState state,
        io.knactor.sync.operator.Emitter out) {
      long count = state.get().map(c -> c.asLong()).orElse(0L) + 1;
      state.put(LongNode.valueOf(count));
      if (record.key().equals("boom")) {
        throw new IllegalStateException("cannot count boom");
      }
      ObjectNode value = Json.object();
      value.put("word", record.key());
      value.put("count", count);
      out.emit(new SyncRecord(record.key(), record.time(), value));
    }

    @Override
    public FieldType outputType(FieldType input) {
      return FieldType.objectWith(
          Map.of(
              "word", new Field("word", FieldType.scalar(FieldType.Kind.STRING), false, 0),
              "count", new Field("count", FieldType.scalar(FieldType.Kind.INTEGER), false, 0)));
    }
  }
}
