{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_02'), squarings=3) }}
