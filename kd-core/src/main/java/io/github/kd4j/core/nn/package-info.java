/**
 * The temporal convolutional network of SPEC section 5: {@link io.github.kd4j.core.nn.TcnConfig}
 * describes its shape and {@link io.github.kd4j.core.nn.TcnWeights} holds its parameters.
 */
package io.github.kd4j.core.nn;
