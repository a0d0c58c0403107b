{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_04'), squarings=3) }}
