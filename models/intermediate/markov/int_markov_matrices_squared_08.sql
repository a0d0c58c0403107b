{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_07'), squarings=3) }}
