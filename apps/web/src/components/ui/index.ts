export { Alert } from "./alert";
export { Badge, type Tone } from "./badge";
export { Button, ButtonLink, buttonClass } from "./button";
export { Card, CardBody, CardFooter, CardHeader } from "./card";
export { EmptyState } from "./empty-state";
export { describedBy, Field, Input, Label, Select } from "./input";
export { PageHeader } from "./page-header";
export { LoadingRegion, Skeleton } from "./skeleton";
export { Spinner } from "./spinner";
