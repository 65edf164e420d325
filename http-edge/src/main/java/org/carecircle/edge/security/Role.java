package org.carecircle.edge.security;

/**
 * What a caller may do, from the {@code roles} claim of their token.
 * <ul>
 *   <li>ORDERER — staff of a community health center, care home or nursing station placing orders for their
 *       organization;</li>
 *   <li>STATION_DISPATCHER — a nursing station's (or health center's) dispatcher acting on offers and visits of
 *       their own staff;</li>
 *   <li>PROVIDER — a clinician or carer acting on their own offers and visits;</li>
 *   <li>SUPERVISOR — district call-center staff seeing their district;</li>
 *   <li>ADMIN — an organization's administrator changing its part of the provider registry.</li>
 * </ul>
 */
public enum Role {
    ORDERER, STATION_DISPATCHER, PROVIDER, SUPERVISOR, ADMIN
}
