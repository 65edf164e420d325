package org.carecircle.edge.security;

import org.carecircle.edge.ApiProblem;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who is calling, from a verified token: subject, organization (id and kind), district, roles and, for providers,
 * their provider id. Controllers receive it as a parameter; services decide with it.
 */
public record Caller(String subject, String organizationId, String organizationKind, String district,
                     Set<Role> roles, String providerId) {

    public static final String ORGANIZATION = "org";
    public static final String ORGANIZATION_KIND = "org_kind";
    public static final String DISTRICT = "district";
    public static final String ROLES = "roles";
    public static final String PROVIDER_ID = "provider_id";

    public static Caller of(Jwt jwt) {
        List<String> roleNames = jwt.getClaimAsStringList(ROLES);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (roleNames != null) {
            for (String name : roleNames) {
                try {
                    roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException unknownRole) {
                    // roles of other applications in a shared identity provider are not ours
                }
            }
        }
        return new Caller(jwt.getSubject(), jwt.getClaimAsString(ORGANIZATION), jwt.getClaimAsString(ORGANIZATION_KIND),
                jwt.getClaimAsString(DISTRICT), Set.copyOf(roles), jwt.getClaimAsString(PROVIDER_ID));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Has {@code role} and belongs to {@code organizationId}. */
    public boolean actsFor(Role role, String organization) {
        return has(role) && organizationId != null && organizationId.equals(organization);
    }

    /** Is the provider {@code id} themself. */
    public boolean isProvider(String id) {
        return has(Role.PROVIDER) && providerId != null && providerId.equals(id);
    }

    /** The district this caller supervises; 403 for anyone who is not a district supervisor. */
    public String supervisedDistrict() {
        if (!has(Role.SUPERVISOR) || district == null) {
            throw ApiProblem.forbidden("Only district supervisors see this");
        }
        return district;
    }

    /** 403 unless this caller is a dispatcher of {@code organization}. */
    public void requireDispatcherOf(String organization) {
        if (!actsFor(Role.STATION_DISPATCHER, organization)) {
            throw ApiProblem.forbidden("Only a dispatcher of this organization sees its offers");
        }
    }

    /** Supervises {@code districtId}. */
    public boolean supervises(String districtId) {
        return has(Role.SUPERVISOR) && district != null && district.equals(districtId);
    }
}
