{{ attribution_markov_matrices_squared(ref('int_markov_matrices_prepared'), squarings=3) }}
