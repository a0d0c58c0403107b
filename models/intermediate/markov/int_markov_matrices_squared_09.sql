{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_08'), squarings=3) }}
