{{ attribution_markov_matrices_squared(ref('int_markov_matrices_squared_05'), squarings=3) }}
