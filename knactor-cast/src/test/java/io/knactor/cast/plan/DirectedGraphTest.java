package io.knactor.cast.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table tests in kro's style: a graph is written as edges {@code "A->B,B->C"} ({@code A} depends on
 * {@code B}); a lone name is a node without edges.
 */
class DirectedGraphTest {

  @ParameterizedTest(name = "{0} has cycles [{1}]")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          A                       | none
          A->B                    | none
          A->B,B->C,A->C          | none
          A->A                    | A->A
          A->B,B->A               | A->B->A
          B->A,A->B               | B->A->B
          A->B,B->C,C->A          | A->B->C->A
          A->B,B->C,C->B          | B->C->B
          A->B,B->A,C->D,D->C     | A->B->A;C->D->C
          A->B,B->C,C->A,B->A     | A->B->A
          A->B,B->C,C->D,D->B,D->E | B->C->D->B
          """)
  void findsOneShortestCyclePerComponentFromItsEarliestNode(String edges, String cycles) {
    List<List<String>> found = graph(edges).cycles();

    assertThat(found.stream().map(c -> String.join("->", c)).collect(Collectors.joining(";")))
        .isEqualTo(cycles == null ? "" : cycles);
  }

  @ParameterizedTest(name = "{0} evaluates as {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          A                   | A
          A->B                | B,A
          A->B,B->C           | C,B,A
          A->C,B->C           | C,A,B
          C,A->B,B->C         | C,B,A
          D,A->B,C->B         | D,B,A,C
          """)
  void ordersEveryNodeAfterWhatItDependsOnKeepingInsertionOrderOtherwise(
      String edges, String order) {
    assertThat(graph(edges).topologicalOrder()).containsExactly(order.split(","));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = "A->B,B->A")
  void refusesToOrderACycle(String edges) {
    assertThatThrownBy(() -> graph(edges).topologicalOrder())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("graph has a cycle: [A, B, A]");
  }

  static DirectedGraph<String> graph(String edges) {
    DirectedGraph<String> graph = new DirectedGraph<>();
    for (String edge : edges.split(",")) {
      List<String> ends = Arrays.asList(edge.strip().split("->"));
      if (ends.size() == 1) {
        graph.addNode(ends.get(0));
      } else {
        graph.addEdge(ends.get(0), ends.get(1));
      }
    }
    return graph;
  }
}
