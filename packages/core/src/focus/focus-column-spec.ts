/** The shape of one FOCUS column as the specification's column table describes it. */
export type FocusDataType = 'String' | 'Decimal' | 'Date/Time' | 'JSON';
export type FocusFeatureLevel = 'Mandatory' | 'Recommended' | 'Conditional' | 'Optional';

export interface FocusColumnSpec {
  name: string;
  dataType: string;
  featureLevel: string;
  allowsNulls: boolean;
  deprecated: boolean;
  introduced: string;
  allowedValues: readonly string[];
}
