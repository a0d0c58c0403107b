{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_09'), squarings=3) }}
