/**
 * Abs-normal form and certified Clarke gradients (Griewank 2013; Griewank and Walther 2016;
 * Khan and Barton 2013; Baumgärtner and Bethke 2024). {@link dev.clarke.absnormal.AbsNormalForm#of}
 * re-reads a trace as one forward interpreter, lowers every piecewise-linear kink primitive to
 * {@code abs} by the documented identities of {@link dev.clarke.absnormal.Lowering}, and returns the
 * piecewise-linear model {@code z = cz + Z·Δx + L·|z|}, {@code y = cy + J·Δx + Y·|z|} at the
 * point; {@link dev.clarke.absnormal.AbsNormalForm#gradient} is the signature gradient
 * {@code G(σ) = J + YΣ(I − LΣ)⁻¹Z}. On that model {@link dev.clarke.absnormal.Likq} checks the
 * linear independence kink qualification (exact rational rank for small problems),
 * {@link dev.clarke.absnormal.Realisability} decides by linear programs which sign patterns of the
 * active kinks occur, {@link dev.clarke.absnormal.PrivateVariables} gives the structural
 * "private variable per kink (group)" certificate of neural networks with biases,
 * {@link dev.clarke.absnormal.Lexicographic} computes LD-derivatives and directional active
 * gradients, {@code Powers} decides non-integer powers at a zero base (|t| for
 * sqrt(t²), C¹ for powers above 1 of a nonnegative base), {@code Arrangement}
 * decides differentiability over the realisable sign patterns past the enumeration limit,
 * {@code NormCertificate}, {@code NormsWithKinks}, {@code NormOuterBound} (with {@code NormDirections}),
 * {@code PlaneSupport}, {@code ConeSupport} (with {@code Nnls}, {@code CuttingPlanes} and {@code NestedCells}), {@code OneSigned}, {@code PlaneNorms} (with {@code PlaneArc}), {@code SphereNorms} (with {@code SphereBounds} and {@code SphereAscent}) and
 * {@code NestedNorms} (with {@code NormsInKinks}, {@code PlaneKinkedNorms} and {@code SphereKinkedNorms} with {@code SphereClimb}, for norms inside kinks' arguments) decide
 * Euclidean norms at their zero alone, beside other kinks and inside them (inner
 * hulls of limiting gradients, an outer bound per sign pattern, exact support functions in the
 * plane and, for one norm with affine kinks, a sum of norm balls, or weights of one sign, in any
 * dimension; several norms of both signs bracketed by branch and bound over the circle or, up to six
 * inputs, the sphere), and {@link dev.clarke.absnormal.Certifier} turns it all into a
 * {@link dev.clarke.certify.Verdict} on the gradient reverse mode returned, with the true
 * derivative or a certified Clarke element when AD's own value is not one. The certificates are
 * first order: sound, but blind to cusps between curved kinks (affine kinks have none);
 * docs/theory/abs-normal.md states the limits.
 */
package dev.clarke.absnormal;
