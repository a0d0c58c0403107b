{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_06'), squarings=3) }}
