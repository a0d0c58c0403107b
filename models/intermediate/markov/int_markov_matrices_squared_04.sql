{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_03'), squarings=3) }}
