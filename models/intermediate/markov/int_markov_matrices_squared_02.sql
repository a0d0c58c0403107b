{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_01'), squarings=3) }}
